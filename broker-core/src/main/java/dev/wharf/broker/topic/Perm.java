package dev.wharf.broker.topic;

/** RocketMQ's topic permission bits. */
public final class Perm {

    public static final int INHERIT = 0x1;
    public static final int WRITE = 0x2;
    public static final int READ = 0x4;
    /** What an ordinary topic has. */
    public static final int READ_WRITE = READ | WRITE;

    private Perm() {}

    public static boolean isReadable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean isWritable(int perm) {
        return (perm & WRITE) != 0;
    }
}
