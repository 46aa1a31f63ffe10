package dev.wharf.compat.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique topic and group names, so tests sharing a server never see each other's messages or offsets.
 * Only characters RocketMQ allows in names ({@code [a-zA-Z0-9_-]}).
 */
public final class Names {

    private Names() {}

    /** {@code prefix_} and eight random hex digits. */
    public static String unique(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    }
}
