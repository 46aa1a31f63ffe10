package dev.wharf.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.store.PutResult;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CommitLogAppendBenchmarkTest {

    @Test
    void everyPutAppendsOneRecordOfTheBenchmarkSize() throws IOException {
        CommitLogAppendBenchmark benchmark = new CommitLogAppendBenchmark();
        benchmark.openStore();
        try {
            PutResult first = benchmark.putOneThread();
            PutResult second = benchmark.putFourThreads();

            assertThat(first.messageCount()).isEqualTo(1);
            assertThat(second.commitLogOffset() - first.commitLogOffset())
                    .isGreaterThan(CommitLogAppendBenchmark.BODY_BYTES);
        } finally {
            benchmark.deleteStore();
        }
    }

    @Test
    void appendsRollOverIntoNewSegments() throws IOException {
        CommitLogAppendBenchmark benchmark = new CommitLogAppendBenchmark();
        benchmark.openStore();
        try {
            int recordsPastOneSegment = CommitLogAppendBenchmark.SEGMENT_BYTES / CommitLogAppendBenchmark.BODY_BYTES + 1;
            PutResult last = null;
            for (int i = 0; i < recordsPastOneSegment; i++) {
                last = benchmark.putOneThread();
            }

            assertThat(last.commitLogOffset()).isGreaterThanOrEqualTo(CommitLogAppendBenchmark.SEGMENT_BYTES);
        } finally {
            benchmark.deleteStore();
        }
    }
}
