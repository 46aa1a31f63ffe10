package dev.wharf.transport.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a transport and its test client claim, so the suite runs the cases that apply and skips the others
 * with the reason.
 *
 * <pre>{@code
 * TckClaims.builder()
 *         .tls(true)                                  // the client can connect over TLS
 *         .serverPush(true)                           // the server pushes deliveries to a subscription
 *         .maxBodyBytes(4 << 20)
 *         .busyWhen(Map.of("businessThreads", "1", "businessQueue", "1"))
 *         .malformedInput("GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n".getBytes(US_ASCII))
 *         .build();
 * }</pre>
 *
 * @param tls whether the client can connect over TLS; the TLS case also needs
 *     {@link dev.wharf.transport.spi.TransportProvider#servesTls()}
 * @param serverPush whether the server pushes deliveries to a subscription, rather than the client asking
 * @param maxBodyBytes the largest body the transport carries end to end; the large-body case sends one of
 *     {@code min(maxBodyBytes, 4 MiB)}
 * @param busyOptions the listener options that make the transport's own request pool small enough to fill;
 *     empty when the transport has no pool of its own (then the back-pressure case is skipped)
 * @param malformedInputs openings, each written on a fresh plaintext connection, that the server must
 *     answer with an error or close; the suite always adds random bytes of its own
 * @param messageIds whether the protocol tells a publisher its message's id and a subscriber the same id; when
 *     not (MQTT 3.1.1), a publish answers what the protocol does answer (a packet id), which only has to differ
 *     between concurrent publishes, and deliveries are matched by body alone
 * @param userProperties whether the protocol carries user properties; when not (MQTT 3.1.1), the suite still sends
 *     them and checks only the body
 * @param onlyNewMessages whether a subscription receives only what is published after it started (MQTT: no
 *     history); the cases then subscribe before they publish, instead of after
 */
public record TckClaims(boolean tls, boolean serverPush, int maxBodyBytes, Optional<Map<String, String>> busyOptions,
        List<byte[]> malformedInputs, boolean messageIds, boolean userProperties, boolean onlyNewMessages) {

    /** The largest body the suite sends: RocketMQ's default message size limit. */
    public static final int LARGE_BODY_BYTES = 4 << 20;

    public TckClaims {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        busyOptions = busyOptions.map(Map::copyOf);
        malformedInputs = List.copyOf(malformedInputs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link TckClaims}; by default no TLS, no push, 4 MiB bodies, no pool, only random bytes, message ids
     * and user properties carried, subscriptions from a topic's first message.
     */
    public static final class Builder {
        private boolean tls;
        private boolean serverPush;
        private int maxBodyBytes = LARGE_BODY_BYTES;
        private Map<String, String> busyOptions;
        private final List<byte[]> malformedInputs = new ArrayList<>();
        private boolean messageIds = true;
        private boolean userProperties = true;
        private boolean onlyNewMessages;

        private Builder() {}

        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        public Builder serverPush(boolean value) {
            this.serverPush = value;
            return this;
        }

        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = value;
            return this;
        }

        /** The listener options that shrink the transport's request pool; its busy answer is then expected. */
        public Builder busyWhen(Map<String, String> listenerOptions) {
            this.busyOptions = listenerOptions;
            return this;
        }

        /** One more malformed opening in the protocol's own terms (a bad frame, a bad header…). */
        public Builder malformedInput(byte[] opening) {
            this.malformedInputs.add(opening.clone());
            return this;
        }

        /** Whether publishers learn their message's id and subscribers see it; true by default. */
        public Builder messageIds(boolean value) {
            this.messageIds = value;
            return this;
        }

        /** Whether user properties travel with a message; true by default. */
        public Builder userProperties(boolean value) {
            this.userProperties = value;
            return this;
        }

        /** Whether a subscription receives only what is published after it started; false by default. */
        public Builder onlyNewMessages(boolean value) {
            this.onlyNewMessages = value;
            return this;
        }

        public TckClaims build() {
            return new TckClaims(tls, serverPush, maxBodyBytes, Optional.ofNullable(busyOptions), malformedInputs,
                    messageIds, userProperties, onlyNewMessages);
        }
    }
}
