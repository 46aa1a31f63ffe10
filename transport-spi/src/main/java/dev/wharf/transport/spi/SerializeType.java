package dev.wharf.transport.spi;

/**
 * How a Remoting frame encodes its header: the high byte of the frame's second int.
 *
 * <pre>{@code
 * SerializeType type = SerializeType.fromCode((byte) 1); // ROCKETMQ
 * }</pre>
 */
public enum SerializeType {
    /** A UTF-8 JSON object; what every official Java client sends. */
    JSON(0),
    /** RocketMQ's compact binary header; its code field is only 16 bits wide. */
    ROCKETMQ(1);

    private final byte code;

    SerializeType(int code) {
        this.code = (byte) code;
    }

    /** The byte on the wire. */
    public byte code() {
        return code;
    }

    /**
     * Maps the wire byte back to a type.
     *
     * @throws IllegalArgumentException for any byte other than 0 and 1
     */
    public static SerializeType fromCode(byte code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> throw new IllegalArgumentException("unknown serialize type " + code);
        };
    }
}
