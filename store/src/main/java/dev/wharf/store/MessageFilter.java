package dev.wharf.store;

/**
 * Decides from a consume-queue entry's tag hash whether a message is wanted, so filtered messages are
 * skipped without reading the commit log. Clients re-check the exact tag string.
 */
@FunctionalInterface
public interface MessageFilter {

    MessageFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);
}
