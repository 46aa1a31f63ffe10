package dev.wharf.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.store.GetResult.GetStatus;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue entry whose record is not readable yet must be read later, never skipped: "not readable now"
 * is not "gone". The store publishes the log before the queue so readers never see this; the reader
 * must hold even if they did.
 */
class QueueReaderVisibilityTest {

    private static final int RECORD = 100;

    @TempDir
    Path directory;

    private CommitLog commitLog;
    private ConsumeQueue queue;
    private QueueReader reader;

    @BeforeEach
    void open() throws Exception {
        commitLog = CommitLog.open(directory.resolve("commitlog"), 64 * 1024);
        ConsumeQueueTable queues = ConsumeQueueTable.open(directory.resolve("consumequeue"), 1000);
        queue = queues.findOrCreate("t", 0);
        reader = new QueueReader(commitLog, queues, 1 << 20, 1000);
    }

    @AfterEach
    void close() {
        queue.close();
        commitLog.close();
    }

    @Test
    void stopsAtAnEntryWhoseRecordIsNotReadableYetAndReadsItOnceItIs() {
        long first = append((byte) 1);
        long second = append((byte) 2);
        queue.write(0, first, RECORD, 0);
        queue.write(1, second, RECORD, 0);
        commitLog.publish(first + RECORD); // only the first record is readable
        queue.publish(2);                  // but both entries are visible

        GetResult head = reader.get("t", 0, 0, 32, MessageFilter.ALL);
        GetResult blocked = reader.get("t", 0, 1, 32, MessageFilter.ALL);
        commitLog.publish(second + RECORD);
        GetResult later = reader.get("t", 0, 1, 32, MessageFilter.ALL);

        assertThat(head.status()).isEqualTo(GetStatus.FOUND);
        assertThat(head.messageCount()).isEqualTo(1);
        assertThat(head.nextBeginOffset()).as("the next read starts at the unreadable entry").isEqualTo(1);
        assertThat(blocked.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
        assertThat(blocked.nextBeginOffset()).as("nothing skipped").isEqualTo(1);
        assertThat(later.status()).isEqualTo(GetStatus.FOUND);
        assertThat(later.records()).containsOnly((byte) 2);
    }

    private long append(byte fill) {
        byte[] record = new byte[RECORD];
        Arrays.fill(record, fill);
        long offset = commitLog.allocate(RECORD);
        commitLog.write(offset, record);
        return offset;
    }
}
