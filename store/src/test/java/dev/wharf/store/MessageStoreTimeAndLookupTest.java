package dev.wharf.store;

import static dev.wharf.store.StoreFixtures.message;
import static dev.wharf.store.StoreFixtures.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.store.message.MessageIds;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Queue offsets 0..5 stored at times 1000, 1000, 2000, 2000, 3000, 4000. */
    private void putAtTimes() {
        for (long time : new long[] {1000, 1000, 2000, 2000, 3000, 4000}) {
            clock.set(time);
            store.put(message("t", 0, "at " + time)).join();
        }
    }

    @Test
    void findsTheFirstOffsetStoredAtOrAfterATime() {
        putAtTimes();

        assertThat(store.offsetByTimestamp("t", 0, 500, BoundaryType.LOWER)).isZero();
        assertThat(store.offsetByTimestamp("t", 0, 2000, BoundaryType.LOWER)).isEqualTo(2);
        assertThat(store.offsetByTimestamp("t", 0, 2500, BoundaryType.LOWER)).isEqualTo(4);
        assertThat(store.offsetByTimestamp("t", 0, 9000, BoundaryType.LOWER)).isEqualTo(6);
    }

    @Test
    void findsTheLastOffsetStoredAtOrBeforeATime() {
        putAtTimes();

        assertThat(store.offsetByTimestamp("t", 0, 500, BoundaryType.UPPER)).isZero();
        assertThat(store.offsetByTimestamp("t", 0, 2000, BoundaryType.UPPER)).isEqualTo(3);
        assertThat(store.offsetByTimestamp("t", 0, 3999, BoundaryType.UPPER)).isEqualTo(4);
        assertThat(store.offsetByTimestamp("t", 0, 9000, BoundaryType.UPPER)).isEqualTo(5);
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
