package dev.wharf.transport.remoting;

import java.util.Locale;

/** How a Remoting body may travel between two Wharf ends that negotiated it; best last. */
enum BodyCompression {
    /** As is: what every RocketMQ peer reads. */
    NONE,
    /** Deflated with zlib (see {@link CompressedBody}). */
    ZLIB;

    /** The name in a handshake and in server options. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for a name Wharf does not implement
     */
    static BodyCompression fromWireName(String name) {
        for (BodyCompression compression : values()) {
            if (compression.wireName().equalsIgnoreCase(name.strip())) {
                return compression;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + name + "'; known: none, zlib");
    }
}
