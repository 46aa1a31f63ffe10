package dev.wharf.store;

import dev.wharf.message.MessageRecord;
import static dev.wharf.store.StoreFixtures.SEGMENT_BYTES;
import static dev.wharf.store.StoreFixtures.STORE_HOST;
import static dev.wharf.store.StoreFixtures.body;
import static dev.wharf.store.StoreFixtures.bodyOf;
import static dev.wharf.store.StoreFixtures.decode;
import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.message.MessageIds;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreAppendReadTest {

    @TempDir
    Path directory;

    private MessageStore store;

    @BeforeEach
    void open() {
        store = MessageStore.open(smallConfig(directory).build());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void readsBackEveryMessageAcrossSegmentRolls() throws Exception {
        List<PutResult> puts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            puts.add(store.put(message("orders", 1, body(i, 900), "TagA")).join());
        }

        List<StoredMessage> read = new ArrayList<>();
        long offset = 0;
        while (offset < store.maxOffset("orders", 1)) {
            GetResult result = store.get("orders", 1, offset, 32, MessageFilter.ALL);
            assertThat(result.status()).isEqualTo(GetResult.GetStatus.FOUND);
            read.addAll(decode(result));
            offset = result.nextBeginOffset();
        }

        assertThat(read).extracting(StoreFixtures::bodyOf)
                .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> body(i, 900)).toList());
        assertThat(read).extracting(StoredMessage::queueOffset)
                .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> (long) i).toList());
        assertThat(read).extracting(StoredMessage::commitLogOffset)
                .containsExactlyElementsOf(puts.stream().map(PutResult::commitLogOffset).toList());
        assertThat(read).allSatisfy(message -> {
            assertThat(message.bodyCrcMatches()).isTrue();
            assertThat(message.storeHost()).isEqualTo(STORE_HOST);
            assertThat(message.commitLogOffset() / SEGMENT_BYTES)
                    .as("a record never straddles segments")
                    .isEqualTo((message.commitLogOffset() + message.totalSize() - 1) / SEGMENT_BYTES);
        });
        try (Stream<Path> segments = Files.list(directory.resolve("commitlog"))) {
            assertThat(segments.map(p -> p.getFileName().toString()))
                    .contains("00000000000000000000", String.format("%020d", SEGMENT_BYTES))
                    .allMatch(name -> name.matches("\\d{20}"));
        }
    }

    @Test
    void returnsTheStoredBytesUnchanged() {
        PutResult put = store.put(message("orders", 0, "hello", "TagA")).join();

        GetResult result = store.get("orders", 0, 0, 1, MessageFilter.ALL);

        assertThat(result.records()).isEqualTo(store.lookup(put.commitLogOffset()).orElseThrow());
        StoredMessage message = decode(result).get(0);
        assertThat(message.storeTimestamp()).isEqualTo(put.storeTimestamp());
        assertThat(message.offsetMessageId()).isEqualTo(put.offsetMessageIds().get(0));
        assertThat(message.tags()).isEqualTo("TagA");
    }

    @Test
    void fillsTheSegmentEndWithABlankBeforeRolling() throws Exception {
        List<PutResult> puts = new ArrayList<>();
        while (puts.isEmpty() || puts.get(puts.size() - 1).commitLogOffset() < SEGMENT_BYTES) {
            puts.add(store.put(message("orders", 0, body(puts.size(), 3000))).join());
        }
        PutResult lastInFirst = puts.get(puts.size() - 2);
        int end = (int) (lastInFirst.commitLogOffset() + store.lookup(lastInFirst.commitLogOffset()).orElseThrow().length);
        store.close();

        java.nio.ByteBuffer segment = java.nio.ByteBuffer.wrap(Files.readAllBytes(directory.resolve("commitlog/00000000000000000000")));

        assertThat(segment.getInt(end)).isEqualTo(SEGMENT_BYTES - end);
        assertThat(segment.getInt(end + 4)).isEqualTo(StoredMessageCodec.BLANK_MAGIC);
        assertThat(puts.get(puts.size() - 1).commitLogOffset()).isEqualTo(SEGMENT_BYTES);
        store = MessageStore.open(smallConfig(directory).build());
    }

    @Test
    void appendsABatchAsConsecutiveRecords() {
        List<MessageRecord> batch = IntStream.range(0, 5).mapToObj(i -> message("orders", 2, "b" + i)).toList();
        store.put(message("orders", 2, "before")).join();

        PutResult put = store.putBatch(batch).join();

        assertThat(put.queueOffset()).isEqualTo(1);
        assertThat(put.messageCount()).isEqualTo(5);
        assertThat(put.offsetMessageIds()).hasSize(5);
        List<StoredMessage> read = decode(store.get("orders", 2, 1, 10, MessageFilter.ALL));
        assertThat(read).extracting(StoreFixtures::bodyOf).containsExactly("b0", "b1", "b2", "b3", "b4");
        assertThat(read.get(0).commitLogOffset()).isEqualTo(put.commitLogOffset());
        for (int i = 0; i < 5; i++) {
            assertThat(MessageIds.decode(put.offsetMessageIds().get(i)).commitLogOffset())
                    .isEqualTo(read.get(i).commitLogOffset());
            if (i > 0) {
                assertThat(read.get(i).commitLogOffset())
                        .isEqualTo(read.get(i - 1).commitLogOffset() + read.get(i - 1).totalSize());
            }
        }
    }

    @Test
    void rejectsBatchesSpanningQueuesAndMessagesThatCannotBeStored() {
        assertThatThrownBy(() -> store.putBatch(List.of(message("a", 0, "x"), message("a", 1, "y"))).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(message("a", 0, "x".repeat(SEGMENT_BYTES))).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(message("../escape", 0, "x")).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(store.maxOffset("a", 0)).isZero();
    }

    @Test
    void keepsQueuesApart() {
        store.put(message("orders", 0, "o0")).join();
        store.put(message("orders", 1, "o1")).join();
        store.put(message("payments", 0, "p0")).join();
        store.put(message("orders", 0, "o0b")).join();

        assertThat(store.maxOffset("orders", 0)).isEqualTo(2);
        assertThat(store.maxOffset("orders", 1)).isEqualTo(1);
        assertThat(decode(store.get("payments", 0, 0, 10, MessageFilter.ALL))).extracting(StoreFixtures::bodyOf)
                .containsExactly("p0");
        assertThat(decode(store.get("orders", 0, 0, 10, MessageFilter.ALL))).extracting(StoredMessage::queueOffset)
                .containsExactly(0L, 1L);
    }

    @Test
    void forgetsADeletedTopic() {
        store.put(message("gone", 0, "a")).join();
        long offset = store.put(message("gone", 1, "b")).join().commitLogOffset();
        store.put(message("kept", 0, "c")).join();

        store.deleteTopic("gone");

        assertThat(store.maxOffset("gone", 0)).isZero();
        assertThat(store.get("gone", 1, 0, 1, MessageFilter.ALL).status()).isEqualTo(GetResult.GetStatus.NO_MESSAGE_IN_QUEUE);
        assertThat(Files.exists(directory.resolve("consumequeue/gone"))).isFalse();
        assertThat(store.lookupMessage(offset)).map(StoreFixtures::bodyOf).contains("b");
        assertThat(store.put(message("gone", 0, "again")).join().queueOffset()).isZero();
        assertThat(store.maxOffset("kept", 0)).isEqualTo(1);
    }
}
