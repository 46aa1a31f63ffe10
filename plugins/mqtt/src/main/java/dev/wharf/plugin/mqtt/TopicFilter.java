package dev.wharf.plugin.mqtt;

import java.util.Arrays;
import java.util.List;

/**
 * An MQTT SUBSCRIBE topic filter with {@code +} (one level) and {@code #} (any levels, last) wildcards. Its first
 * level names the RocketMQ topic consumed, so it must be literal; the broker filters by tag when the filter has
 * no wildcard after it, and {@link #matches} checks the rest.
 *
 * @param filter the filter as the client sent it
 * @param levels its levels
 */
record TopicFilter(String filter, List<String> levels) {

    /** @throws IllegalArgumentException naming the problem, when the filter is malformed or cannot be consumed */
    static TopicFilter parse(String filter) {
        List<String> levels = Arrays.asList(filter.split("/", -1));
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.contains("#") && (!level.equals("#") || i != levels.size() - 1)) {
                throw new IllegalArgumentException("'#' must be a whole level and the last one in '" + filter + "'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level in '" + filter + "'");
            }
        }
        String first = levels.get(0);
        if (first.equals("+") || first.equals("#")) {
            throw new IllegalArgumentException("the first level of '" + filter
                    + "' names the RocketMQ topic to consume and cannot be a wildcard");
        }
        TopicMapping.checkTopic(first, filter);
        return new TopicFilter(filter, List.copyOf(levels));
    }

    /** The RocketMQ topic consumed. */
    String topic() {
        return levels.get(0);
    }

    /** The broker's tag filter: the exact tag when no wildcard follows the topic and there is a tag, else every tag. */
    String tagExpression() {
        if (levels.size() == 1 || filter.contains("+") || filter.contains("#")) {
            return "*";
        }
        return TopicMapping.escape(filter.substring(filter.indexOf('/') + 1));
    }

    /** Whether an MQTT topic name matches this filter. */
    boolean matches(String topicName) {
        String[] topic = topicName.split("/", -1);
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals("#")) {
                return true;
            }
            if (i >= topic.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topic[i])) {
                return false;
            }
        }
        return topic.length == levels.size();
    }
}
