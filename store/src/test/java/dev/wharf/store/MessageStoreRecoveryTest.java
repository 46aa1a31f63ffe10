package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.SEGMENT_BYTES;
import static dev.wharf.store.StoreFixtures.body;
import static dev.wharf.store.StoreFixtures.decode;
import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.message.StoredMessage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreRecoveryTest {

    private static final List<String> TOPICS = List.of("orders", "payments");

    @TempDir
    Path directory;

    private MessageStore open() {
        return MessageStore.open(smallConfig(directory).build());
    }

    /** Puts {@code count} ~700-byte messages spread over two topics and two queues each; returns the results. */
    private static List<PutResult> fill(MessageStore store, int count) {
        List<PutResult> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            puts.add(store.put(message(TOPICS.get(i % 2), (i / 2) % 2, body(i, 700), "tag" + i % 3)).join());
        }
        return puts;
    }

    private List<PutResult> fillAndClose(int count) {
        try (MessageStore store = open()) {
            return fill(store, count);
        }
    }

    /** Every message of every queue of {@link #TOPICS}, read through {@code get}, sorted. */
    private static List<String> readAll(MessageStore store) {
        List<String> bodies = new ArrayList<>();
        for (String topic : TOPICS) {
            for (int queueId = 0; queueId < 2; queueId++) {
                bodies.addAll(readQueue(store, topic, queueId));
            }
        }
        bodies.sort(Comparator.naturalOrder());
        return bodies;
    }

    /** Every message of one queue in offset order. */
    private static List<String> readQueue(MessageStore store, String topic, int queueId) {
        List<String> bodies = new ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        while (offset < store.maxOffset(topic, queueId)) {
            GetResult result = store.get(topic, queueId, offset, 16, MessageFilter.ALL);
            decode(result).forEach(message -> bodies.add(StoreFixtures.bodyOf(message)));
            offset = result.nextBeginOffset();
        }
        return bodies;
    }

    private static List<String> expectedBodies(int count) {
        return IntStream.range(0, count).mapToObj(i -> body(i, 700)).sorted().toList();
    }

    @Test
    void keepsEveryAcknowledgedMessageAcrossCleanRestarts() {
        fillAndClose(400);
        try (MessageStore store = open()) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(400));
            assertThat(store.maxOffset("orders", 0)).isEqualTo(100);
            assertThat(store.put(message("orders", 0, "next")).join().queueOffset()).isEqualTo(100);
        }
        // Writing on past the segments that existed at the restart (the pre-warmed one included).
        try (MessageStore store = open()) {
            for (int i = 0; i < 200; i++) {
                store.put(message("more", 0, body(i, 700))).join();
            }
        }

        try (MessageStore store = open()) {
            assertThat(readQueue(store, "more", 0))
                    .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> body(i, 700)).toList());
            assertThat(decode(store.get("orders", 0, 100, 1, MessageFilter.ALL)))
                    .extracting(StoreFixtures::bodyOf).containsExactly("next");
        }
    }

    @Test
    void recoversFromTheFilesAsACrashLeavesThem() throws IOException {
        Path crashed = directory.resolve("crashed");
        try (MessageStore store = MessageStore.open(smallConfig(directory.resolve("live")).build())) {
            fill(store, 300);
            // The mapped pages are the page cache: a copy taken now is what a killed process leaves behind.
            copyTree(directory.resolve("live"), crashed);
        }

        try (MessageStore store = MessageStore.open(smallConfig(crashed).build())) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(300));
        }
    }

    @Test
    void cutsATornLastRecordAndAppendsAfterIt() throws IOException {
        List<PutResult> puts = fillAndClose(200);
        PutResult last = puts.get(puts.size() - 1);
        scribble(last.commitLogOffset() + 100, 16);

        try (MessageStore store = open()) {
            assertThat(store.lookup(last.commitLogOffset())).isEmpty();
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(199));
            String lastTopic = TOPICS.get(199 % 2);
            int lastQueue = (199 / 2) % 2;
            assertThat(store.maxOffset(lastTopic, lastQueue)).isEqualTo(last.queueOffset());

            PutResult again = store.put(message(lastTopic, lastQueue, "after the cut")).join();

            assertThat(again.commitLogOffset()).isEqualTo(last.commitLogOffset());
            assertThat(again.queueOffset()).isEqualTo(last.queueOffset());
            assertThat(decode(store.get(lastTopic, lastQueue, again.queueOffset(), 1, MessageFilter.ALL)))
                    .extracting(StoreFixtures::bodyOf).containsExactly("after the cut");
        }
        try (MessageStore store = open()) {
            assertThat(store.lookupMessage(last.commitLogOffset())).map(StoreFixtures::bodyOf).contains("after the cut");
        }
    }

    @Test
    void cutsARecordWhoseSegmentFileWasTruncated() throws IOException {
        List<PutResult> puts = fillAndClose(10);
        PutResult last = puts.get(puts.size() - 1);
        try (RandomAccessFile segment = new RandomAccessFile(segmentOf(last.commitLogOffset()).toFile(), "rw")) {
            segment.setLength(last.commitLogOffset() % SEGMENT_BYTES + 50);
        }

        try (MessageStore store = open()) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(9));
            assertThat(store.put(message("orders", 0, "again")).join().commitLogOffset()).isEqualTo(last.commitLogOffset());
        }
    }

    @Test
    void dropsEverythingAfterACorruptRecordEvenWithoutACheckpoint() throws IOException {
        List<PutResult> puts = fillAndClose(50);
        Files.delete(directory.resolve("checkpoint"));
        scribble(puts.get(40).commitLogOffset() + 95, 1);

        try (MessageStore store = open()) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(40));
            assertThat(store.lookup(puts.get(45).commitLogOffset())).isEmpty();
        }
    }

    @Test
    void zeroesWhatFollowsTheCutSoOldRecordsNeverComeBack() throws IOException {
        List<PutResult> puts = fillAndClose(50);
        scribble(puts.get(40).commitLogOffset() + 95, 1);
        try (MessageStore store = open()) {
            // Same size as the cut record, so the old record 41 would sit right behind it again.
            PutResult replacement = store.put(message(TOPICS.get(0), 0, body(40, 700), "tag1")).join();
            assertThat(replacement.commitLogOffset()).isEqualTo(puts.get(40).commitLogOffset());
        }

        try (MessageStore store = open()) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(41));
            assertThat(store.lookup(puts.get(41).commitLogOffset())).isEmpty();
        }
    }

    @Test
    void rebuildsConsumeQueuesWhoseFilesWereDeleted() throws IOException {
        fillAndClose(400);
        deleteTree(directory.resolve("consumequeue"));

        try (MessageStore store = open()) {
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(400));
            assertThat(store.maxOffset("payments", 1)).isEqualTo(100);
            List<StoredMessage> first = decode(store.get("payments", 1, 0, 1, MessageFilter.ALL));
            assertThat(first).extracting(StoredMessage::queueOffset).containsExactly(0L);
        }
    }

    @Test
    void rebuildsTheTailOfAConsumeQueueThatLostIt() throws IOException {
        fillAndClose(400);
        Path queue = directory.resolve("consumequeue/orders/0");
        try (Stream<Path> files = Files.list(queue)) {
            Path lastFile = files.max(Comparator.naturalOrder()).orElseThrow();
            Files.delete(lastFile);
        }

        try (MessageStore store = open()) {
            assertThat(store.maxOffset("orders", 0)).isEqualTo(100);
            assertThat(readAll(store)).containsExactlyElementsOf(expectedBodies(400));
        }
    }

    @Test
    void doesNotBringBackADeletedTopic() {
        try (MessageStore store = open()) {
            fill(store, 40);
            store.deleteTopic("payments");
            store.put(message("payments", 0, "reborn")).join();
        }

        try (MessageStore store = open()) {
            assertThat(store.maxOffset("payments", 1)).isZero();
            assertThat(store.maxOffset("payments", 0)).isEqualTo(1);
            assertThat(decode(store.get("payments", 0, 0, 10, MessageFilter.ALL)))
                    .extracting(StoreFixtures::bodyOf).containsExactly("reborn");
            assertThat(store.maxOffset("orders", 0)).isEqualTo(10);
        }
    }

    private Path segmentOf(long commitLogOffset) {
        return directory.resolve("commitlog").resolve(String.format("%020d", commitLogOffset - commitLogOffset % SEGMENT_BYTES));
    }

    private void scribble(long commitLogOffset, int length) throws IOException {
        try (RandomAccessFile segment = new RandomAccessFile(segmentOf(commitLogOffset).toFile(), "rw")) {
            segment.seek(commitLogOffset % SEGMENT_BYTES);
            byte[] original = new byte[length];
            segment.readFully(original);
            for (int i = 0; i < length; i++) {
                original[i] ^= 0x5A;
            }
            segment.seek(commitLogOffset % SEGMENT_BYTES);
            segment.write(original);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals("lock")) {
                    copyUnlessGone(path, target);
                }
            }
        }
    }

    /** The flusher may rename its temporary checkpoint away mid-walk; a crash would not see it either. */
    private static void copyUnlessGone(Path file, Path target) throws IOException {
        try {
            Files.copy(file, target);
        } catch (NoSuchFileException gone) {
            // nothing to copy
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
