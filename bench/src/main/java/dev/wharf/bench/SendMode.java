package dev.wharf.bench;

/** How producer threads send: one blocking call at a time, or callbacks with a bounded window in flight. */
public enum SendMode {
    SYNC,
    ASYNC
}
