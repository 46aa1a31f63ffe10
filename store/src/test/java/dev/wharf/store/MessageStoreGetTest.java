package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.body;
import static dev.wharf.store.StoreFixtures.decode;
import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.store.GetResult.GetStatus;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.TagsCode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreGetTest {

    @TempDir
    Path directory;

    private MessageStore store;

    private void open(StoreConfig config) {
        store = MessageStore.open(config);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void putTagged(String... tags) {
        for (int i = 0; i < tags.length; i++) {
            store.put(message("t", 0, "m" + i, tags[i])).join();
        }
    }

    @Test
    void answersAnUnknownOrEmptyQueueWithNoMessageInQueue() {
        open(smallConfig(directory).build());

        GetResult result = store.get("nothing", 3, 0, 10, MessageFilter.ALL);

        assertThat(result.status()).isEqualTo(GetStatus.NO_MESSAGE_IN_QUEUE);
        assertThat(result.records()).isEmpty();
        assertThat(result.nextBeginOffset()).isZero();
        assertThat(store.minOffset("nothing", 3)).isZero();
        assertThat(store.maxOffset("nothing", 3)).isZero();
    }

    @Test
    void tellsOffsetsAtAndBeyondTheEndApart() {
        open(smallConfig(directory).build());
        putTagged("a", "b", "c");

        GetResult atEnd = store.get("t", 0, 3, 10, MessageFilter.ALL);
        GetResult beyond = store.get("t", 0, 9, 10, MessageFilter.ALL);
        GetResult tooSmall = store.get("t", 0, -1, 10, MessageFilter.ALL);

        assertThat(atEnd.status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
        assertThat(atEnd.nextBeginOffset()).isEqualTo(3);
        assertThat(beyond.status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_BADLY);
        assertThat(beyond.nextBeginOffset()).isEqualTo(3);
        assertThat(beyond.maxOffset()).isEqualTo(3);
        assertThat(tooSmall.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
        assertThat(tooSmall.nextBeginOffset()).isZero();
    }

    @Test
    void filtersByTagsCodeAndSkipsWhatItRejects() {
        open(smallConfig(directory).build());
        putTagged("a", "b", "a", "c", "a");
        long tagA = TagsCode.of("a");

        GetResult result = store.get("t", 0, 0, 10, code -> code == tagA);

        assertThat(result.status()).isEqualTo(GetStatus.FOUND);
        assertThat(result.messageCount()).isEqualTo(3);
        assertThat(decode(result)).extracting(StoredMessage::queueOffset).containsExactly(0L, 2L, 4L);
        assertThat(result.nextBeginOffset()).isEqualTo(5);
    }

    @Test
    void movesPastEntriesWhenNoneMatch() {
        open(smallConfig(directory).build());
        putTagged("a", "b", "b", "a");
        long tagC = TagsCode.of("c");

        GetResult result = store.get("t", 0, 1, 10, code -> code == tagC);

        assertThat(result.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
        assertThat(result.records()).isEmpty();
        assertThat(result.nextBeginOffset()).isEqualTo(4);
    }

    @Test
    void stopsAtMaxMessages() {
        open(smallConfig(directory).build());
        putTagged("a", "a", "a", "a");

        GetResult result = store.get("t", 0, 1, 2, MessageFilter.ALL);

        assertThat(result.messageCount()).isEqualTo(2);
        assertThat(result.nextBeginOffset()).isEqualTo(3);
        assertThat(decode(result)).extracting(StoredMessage::queueOffset).containsExactly(1L, 2L);
    }

    @Test
    void stopsAtTheByteBudget() {
        open(smallConfig(directory).readLimits(2500, 1000).build());
        for (int i = 0; i < 5; i++) {
            store.put(message("t", 0, body(i, 1000))).join();
        }

        GetResult result = store.get("t", 0, 0, 32, MessageFilter.ALL);

        assertThat(result.messageCount()).isEqualTo(2);
        assertThat(result.nextBeginOffset()).isEqualTo(2);
        assertThat(result.records().length).isLessThanOrEqualTo(2500);
    }

    @Test
    void returnsARecordLargerThanTheByteBudget() {
        open(smallConfig(directory).readLimits(10, 1000).build());
        store.put(message("t", 0, body(0, 1000))).join();
        store.put(message("t", 0, body(1, 1000))).join();

        GetResult result = store.get("t", 0, 0, 32, MessageFilter.ALL);

        assertThat(result.messageCount()).isEqualTo(1);
        assertThat(result.nextBeginOffset()).isEqualTo(1);
    }

    @Test
    void scansABoundedNumberOfEntries() {
        open(smallConfig(directory).readLimits(1 << 20, 3).build());
        putTagged("b", "b", "b", "b", "a");
        long tagA = TagsCode.of("a");

        GetResult first = store.get("t", 0, 0, 10, code -> code == tagA);
        GetResult second = store.get("t", 0, first.nextBeginOffset(), 10, code -> code == tagA);

        assertThat(first.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
        assertThat(first.nextBeginOffset()).isEqualTo(3);
        assertThat(second.status()).isEqualTo(GetStatus.FOUND);
        assertThat(decode(second)).extracting(StoredMessage::queueOffset).containsExactly(4L);
    }

    @Test
    void readsAcrossConsumeQueueFiles() {
        open(smallConfig(directory).consumeQueueEntriesPerFile(4).build());
        for (int i = 0; i < 11; i++) {
            store.put(message("t", 0, "m" + i)).join();
        }

        GetResult result = store.get("t", 0, 2, 32, MessageFilter.ALL);

        assertThat(decode(result)).extracting(StoreFixtures::bodyOf)
                .containsExactly("m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
    }
}
