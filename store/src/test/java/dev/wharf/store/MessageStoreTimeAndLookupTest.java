package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.message.MessageIds;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageStoreTimeAndLookupTest {

    @TempDir
    Path directory;

    private final AtomicLong clock = new AtomicLong(1_000);
    private MessageStore store;

    @BeforeEach
    void open() {
        store = new DefaultMessageStore(smallConfig(directory).build(), clock::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Queue offsets 0..5 stored at times 1000, 1000, 2000, 2000, 3000, 4000: LOWER is the first offset
     * stored at or after a time, UPPER the last one stored at or before it.
     */
    private void putAtTimes() {
        for (long time : new long[] {1000, 1000, 2000, 2000, 3000, 4000}) {
            clock.set(time);
            store.put(message("t", 0, "at " + time)).join();
        }
    }

    @ParameterizedTest(name = "{1} of {0} is {2}")
    @CsvSource({
        "500, LOWER, 0", "2000, LOWER, 2", "2500, LOWER, 4", "9000, LOWER, 6",
        "500, UPPER, 0", "2000, UPPER, 3", "3999, UPPER, 4", "9000, UPPER, 5"})
    void findsTheBoundaryOffsetOfATime(long time, BoundaryType boundary, long expectedOffset) {
        putAtTimes();

        assertThat(store.offsetByTimestamp("t", 0, time, boundary)).isEqualTo(expectedOffset);
    }

    @Test
    void neverLetsStoreTimeGoBackwards() {
        clock.set(5000);
        long first = store.put(message("t", 0, "a")).join().storeTimestamp();
        clock.set(4000);
        long second = store.put(message("t", 0, "b")).join().storeTimestamp();

        assertThat(first).isEqualTo(5000);
        assertThat(second).isEqualTo(5000);
    }

    @Test
    void reportsTheEarliestStoreTime() {
        assertThat(store.earliestStoreTime("t", 0)).isEqualTo(-1);
        putAtTimes();

        assertThat(store.earliestStoreTime("t", 0)).isEqualTo(1000);
        assertThat(store.offsetByTimestamp("unknown", 0, 1000, BoundaryType.LOWER)).isZero();
    }

    @Test
    void looksUpARecordByTheOffsetInItsMessageId() {
        store.put(message("t", 0, "first")).join();
        PutResult put = store.put(message("t", 1, "second")).join();

        long offset = MessageIds.decode(put.offsetMessageIds().get(0)).commitLogOffset();

        assertThat(store.lookupMessage(offset)).hasValueSatisfying(message -> {
            assertThat(StoreFixtures.bodyOf(message)).isEqualTo("second");
            assertThat(message.queueId()).isEqualTo(1);
        });
    }

    @Test
    void refusesOffsetsThatAreNotARecordStart() {
        PutResult put = store.put(message("t", 0, "only")).join();
        int size = store.lookup(put.commitLogOffset()).orElseThrow().length;

        assertThat(store.lookup(put.commitLogOffset() + 4)).isEmpty();
        assertThat(store.lookup(put.commitLogOffset() + size)).isEmpty();
        assertThat(store.lookup(1L << 40)).isEmpty();
        assertThat(store.lookup(-1)).isEmpty();
    }
}
