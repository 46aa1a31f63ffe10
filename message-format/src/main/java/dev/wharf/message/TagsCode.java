package dev.wharf.message;

import java.util.Map;

/**
 * The tag hash a consume-queue entry carries so reads can filter without touching the commit log:
 * {@code String.hashCode()} of the TAGS property, 0 when there is none (as RocketMQ computes it).
 */
public final class TagsCode {

    private TagsCode() {}

    /** Hash of one tag string; 0 for null or empty. */
    public static long of(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }

    /** Hash of the TAGS property of a property map. */
    public static long of(Map<String, String> properties) {
        return of(properties.get(MessageProperties.TAGS));
    }
}
