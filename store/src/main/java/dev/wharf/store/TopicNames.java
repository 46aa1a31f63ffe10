package dev.wharf.store;

import java.nio.charset.StandardCharsets;

/** Topics name directories of the consume queue, so they must be safe file names. */
final class TopicNames {

    private static final int MAX_BYTES = 255;

    private TopicNames() {}

    static void requireStorable(String topic) {
        if (topic.isEmpty() || topic.equals(".") || topic.equals("..")
                || topic.indexOf('/') >= 0 || topic.indexOf('\\') >= 0 || topic.indexOf('\0') >= 0
                || topic.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("topic name cannot be stored: '" + topic + "'");
        }
    }
}
