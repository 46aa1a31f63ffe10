package dev.wharf.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --versus}: turns a producer run into an {@link AlternatingLoad} comparing two addresses of one kind. */
public final class AlternationOptions {

    @Option(names = "--versus",
            description = "A second address of the same kind: the run alternates between both in slices (A B B A ...) "
                    + "from one process and prints each side's rate and their ratio.")
    String versus;

    @Option(names = "--slice", defaultValue = "2s",
            description = "How long each alternating slice lasts (default ${DEFAULT-VALUE}).")
    Duration slice;

    /**
     * Runs {@code settings} as a plain producer run, or alternating with the same target at {@code --versus}, and
     * prints the report; answers the exit code.
     */
    int run(ProduceSettings settings, MessageSender.Opener opener) throws Exception {
        if (versus == null) {
            Watchdog.haltAfter(settings.bound());
            return BenchReport.print(new ProducerLoad(settings).run(opener), System.out);
        }
        AlternatingLoad load = new AlternatingLoad(settings, settings.withAddress(versus), slice);
        Watchdog.haltAfter(load.bound());
        return BenchReport.print(load.run(opener), System.out);
    }
}
