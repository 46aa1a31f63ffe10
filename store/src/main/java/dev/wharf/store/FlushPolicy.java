package dev.wharf.store;

/** When an acknowledged append is on disk. */
public enum FlushPolicy {
    /** Acknowledge once written to the mapped file; a background flusher forces it soon after. */
    ASYNC,
    /** Acknowledge only after {@code fsync}; concurrent appends share one force (group commit). */
    SYNC
}
