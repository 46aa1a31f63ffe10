package dev.wharf.transport.spi;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one envelope every Wharf protocol translates into: Apache RocketMQ's Remoting command.
 *
 * <p>A command is immutable once built. Its {@code extFields} are the typed request or response header
 * flattened into strings (read them with {@link HeaderReader}); its body is opaque bytes that the
 * command never copies, so callers must not modify an array after handing it over.
 *
 * <pre>{@code
 * RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
 *         .extField("topic", "orders")
 *         .extField("queueId", 3)
 *         .build();
 *
 * RemotingCommand answer = RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
 *         .extField("offset", 42L)
 *         .build();
 * }</pre>
 */
public final class RemotingCommand {

    /** Flag bit 0: the command is a response. */
    public static final int RESPONSE_FLAG = 0x1;
    /** Flag bit 1: the request expects no response. */
    public static final int ONEWAY_FLAG = 0x2;

    private static final byte[] EMPTY = new byte[0];

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final byte[] body;
    private final SerializeType serializeType;

    private RemotingCommand(Builder builder) {
        this.code = builder.code;
        this.language = builder.language;
        this.version = builder.version;
        this.opaque = builder.opaque;
        this.flag = builder.flag;
        this.remark = builder.remark;
        this.extFields = builder.handOverExtFields();
        this.body = builder.body == null ? EMPTY : builder.body;
        this.serializeType = builder.serializeType;
    }

    /** Starts a request with the given {@link RequestCode}. */
    public static Builder request(int code) {
        return new Builder().code(code);
    }

    /**
     * Starts the response to {@code request}: same opaque, the response flag set, the same header
     * encoding as the request.
     */
    public static Builder responseTo(RemotingCommand request, int responseCode) {
        return new Builder()
                .code(responseCode)
                .opaque(request.opaque)
                .flag(RESPONSE_FLAG)
                .serializeType(request.serializeType);
    }

    /** A complete error response to {@code request} with a remark that says what went wrong. */
    public static RemotingCommand errorResponse(RemotingCommand request, int responseCode, String remark) {
        return responseTo(request, responseCode).remark(remark).build();
    }

    public int code() {
        return code;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public int opaque() {
        return opaque;
    }

    public int flag() {
        return flag;
    }

    /** Human-readable error text of a response, or {@code null}. */
    public String remark() {
        return remark;
    }

    /** The header fields; never {@code null}, never modifiable. */
    public Map<String, String> extFields() {
        return extFields;
    }

    /** One header field, or {@code null} when absent. */
    public String extField(String name) {
        return extFields.get(name);
    }

    /** The body; an empty array when there is none. Do not modify it. */
    public byte[] body() {
        return body;
    }

    /** The header encoding this command arrived in, or should leave in. */
    public SerializeType serializeType() {
        return serializeType;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    /** A builder holding this command's values, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .code(code)
                .language(language)
                .version(version)
                .opaque(opaque)
                .flag(flag)
                .remark(remark)
                .body(body)
                .serializeType(serializeType);
        builder.share(extFields);
        return builder;
    }

    /** This command with another opaque; the one field every forwarder rewrites. */
    public RemotingCommand withOpaque(int newOpaque) {
        return newOpaque == opaque ? this : toBuilder().opaque(newOpaque).build();
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + (isResponse() ? ResponseCode.nameOf(code) : RequestCode.nameOf(code))
                + ", opaque=" + opaque + ", flag=" + flag + ", language=" + language + ", version=" + version
                + (remark == null ? "" : ", remark=" + remark) + ", extFields=" + extFields
                + ", body=" + body.length + "B}";
    }

    /** Assembles a {@link RemotingCommand}; not thread-safe, use once. */
    public static final class Builder {
        private int code;
        private LanguageCode language = LanguageCode.JAVA;
        private int version;
        private int opaque;
        private int flag;
        private String remark;
        /** The fields; while {@code shared}, also a built command's, and copied before the first change. */
        private Map<String, String> extFields = Map.of();
        private boolean shared = true;
        private byte[] body;
        private SerializeType serializeType = SerializeType.JSON;

        private Builder() {}

        public Builder code(int code) {
            this.code = code;
            return this;
        }

        public Builder language(LanguageCode language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder opaque(int opaque) {
            this.opaque = opaque;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** Marks a request as oneway: the peer sends no response. */
        public Builder oneway() {
            this.flag |= ONEWAY_FLAG;
            return this;
        }

        public Builder remark(String remark) {
            this.remark = remark;
            return this;
        }

        /** Sets one header field from the value's string form; a {@code null} value removes it. */
        public Builder extField(String name, Object value) {
            if (value == null) {
                if (extFields.containsKey(name)) {
                    ownExtFields().remove(name);
                }
            } else {
                ownExtFields().put(name, value.toString());
            }
            return this;
        }

        /** Adds every non-null entry of {@code fields}. */
        public Builder extFields(Map<String, String> fields) {
            fields.forEach(this::extField);
            return this;
        }

        /** Sets the body; the array is kept, not copied. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder serializeType(SerializeType serializeType) {
            this.serializeType = Objects.requireNonNull(serializeType, "serializeType");
            return this;
        }

        public RemotingCommand build() {
            return new RemotingCommand(this);
        }

        /** Starts from a built command's fields without copying them: forwarders mostly change none. */
        private void share(Map<String, String> fields) {
            extFields = fields;
            shared = true;
        }

        private Map<String, String> ownExtFields() {
            if (shared) {
                extFields = new HashMap<>(extFields);
                shared = false;
            }
            return extFields;
        }

        /**
         * The fields for the command being built, unmodifiable; they are not copied, so this builder copies
         * them before any later change instead (the command a forwarder derives with one field changed costs
         * one copy, a command built once none).
         */
        private Map<String, String> handOverExtFields() {
            if (!shared) {
                extFields = extFields.isEmpty() ? Map.of() : Collections.unmodifiableMap(extFields);
                shared = true;
            }
            return extFields;
        }
    }
}
