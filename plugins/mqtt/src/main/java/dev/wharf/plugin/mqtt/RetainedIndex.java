package dev.wharf.plugin.mqtt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A listener's retained messages in memory, by MQTT topic, bounded by {@code maxRetained} messages and
 * {@code maxRetainedBytes} of payloads and topic names. A retained message that does not fit is not kept, and
 * the one it would have replaced is dropped too, since it is outdated: the topic then has none. Thread-safe.
 */
final class RetainedIndex {

    private final int maxMessages;
    private final long maxBytes;
    private final Map<String, RetainedMessage> byTopic = new HashMap<>();
    private long bytes;

    RetainedIndex(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Makes {@code message} its topic's retained message; false when it does not fit (the topic has none then). */
    synchronized boolean retain(RetainedMessage message) {
        clear(message.topic());
        if (!fits(1, message.size())) {
            return false;
        }
        byTopic.put(message.topic(), message);
        bytes += message.size();
        return true;
    }

    /** Removes the topic's retained message, if it has one. */
    synchronized void clear(String topic) {
        RetainedMessage removed = byTopic.remove(topic);
        if (removed != null) {
            bytes -= removed.size();
        }
    }

    /** The retained messages whose topic {@code filter} matches; O(retained messages). */
    synchronized List<RetainedMessage> matching(TopicFilter filter) {
        return byTopic.values().stream().filter(message -> filter.matches(message.topic())).toList();
    }

    synchronized int size() {
        return byTopic.size();
    }

    /** The limits, as the options that set them, for log lines. */
    String limits() {
        return "maxRetained " + maxMessages + ", maxRetainedBytes " + maxBytes;
    }

    private boolean fits(int moreMessages, long moreBytes) {
        return byTopic.size() + moreMessages <= maxMessages && bytes + moreBytes <= maxBytes;
    }
}
