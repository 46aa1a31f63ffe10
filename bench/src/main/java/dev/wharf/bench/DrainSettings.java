package dev.wharf.bench;

/** What every drain names in its report, whichever client it runs. */
public interface DrainSettings {

    /** Where the drain reads, and with which client. */
    LoadTarget target();

    /** The consumer group; a new one reads the backlog from its first message. */
    String consumerGroup();

    /** How the client receives, in lower case as the report prints it. */
    String modeName();

    /** The client's concurrency: consume threads or receive calls in flight. */
    int threads();

    /** When the drain measures and when it is over. */
    DrainLimits limits();
}
