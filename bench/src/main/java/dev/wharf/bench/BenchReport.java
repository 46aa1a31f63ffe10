package dev.wharf.bench;

import java.io.PrintStream;
import java.util.List;

/** What a run prints: readable lines, then its JSON line last. */
public interface BenchReport {

    /** Human-readable lines followed by the machine-readable JSON line. */
    List<String> lines();

    /** The measured window. */
    Throughput throughput();

    /** Prints the report and answers the exit code: 0 if anything was measured, 1 if nothing was. */
    static int print(BenchReport report, PrintStream out) {
        report.lines().forEach(out::println);
        return report.throughput().messages() > 0 ? 0 : 1;
    }
}
