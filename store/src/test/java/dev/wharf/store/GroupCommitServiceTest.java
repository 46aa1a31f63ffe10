package dev.wharf.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitServiceTest {

    @TempDir
    Path directory;

    @Test
    void completesWaitersOnlyOnceAForceCoversThem() throws Exception {
        try (CommitLog log = CommitLog.open(directory, StoreFixtures.SEGMENT_BYTES);
                GroupCommitService service = new GroupCommitService(log)) {
            List<CompletableFuture<Long>> flushedWhenDone = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long offset = log.allocate(100);
                log.write(offset, new byte[100]);
                log.publish(offset + 100);
                ends.add(offset + 100);
                flushedWhenDone.add(service.whenDurable(offset + 100).thenApply(durable -> log.flushedOffset()));
            }

            for (int i = 0; i < ends.size(); i++) {
                assertThat(flushedWhenDone.get(i).join()).isGreaterThanOrEqualTo(ends.get(i));
            }
        }
    }

    @Test
    void answersAlreadyDurableOffsetsAtOnce() throws Exception {
        try (CommitLog log = CommitLog.open(directory, StoreFixtures.SEGMENT_BYTES);
                GroupCommitService service = new GroupCommitService(log)) {
            long offset = log.allocate(100);
            log.write(offset, new byte[100]);
            log.publish(offset + 100);
            log.flush();

            assertThat(service.whenDurable(offset + 100)).isCompleted();
        }
    }
}
