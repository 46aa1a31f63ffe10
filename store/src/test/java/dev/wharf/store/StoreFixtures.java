package dev.wharf.store;

import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Small-file configurations and messages for store tests. */
final class StoreFixtures {

    static final int SEGMENT_BYTES = 64 * 1024;
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreFixtures() {}

    /** 64 KiB commit-log segments, 16-entry consume-queue files, a fast flusher. */
    static StoreConfig.Builder smallConfig(Path directory) {
        return StoreConfig.builder(directory)
                .commitLogSegmentBytes(SEGMENT_BYTES)
                .consumeQueueEntriesPerFile(16)
                .flushInterval(Duration.ofMillis(20))
                .storeHost(STORE_HOST);
    }

    static MessageRecord message(String topic, int queueId, String body) {
        return message(topic, queueId, body, null);
    }

    static MessageRecord message(String topic, int queueId, String body, String tag) {
        return MessageRecord.builder(topic, queueId)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.TAGS, tag)
                .bornHost(new InetSocketAddress("127.0.0.1", 40000))
                .build();
    }

    /** A body of about {@code bytes} bytes that names its index. */
    static String body(int index, int bytes) {
        String prefix = "m" + index + ":";
        return prefix + "x".repeat(Math.max(0, bytes - prefix.length()));
    }

    static List<StoredMessage> decode(GetResult result) {
        return StoredMessageCodec.decodeAll(result.records());
    }

    static String bodyOf(StoredMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
