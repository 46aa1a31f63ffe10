package dev.wharf.transport.spi.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message a client publishes, whatever its protocol. Only the body is required.
 *
 * <pre>{@code
 * Publication order = Publication.builder("hello".getBytes(UTF_8))
 *         .tag("created").keys(List.of("order-42")).property("region", "eu")
 *         .messageGroup("customer-7")
 *         .build();
 * }</pre>
 *
 * @param body the bytes to store; compressed when {@code compressed}
 * @param tag the tag consumers filter on; null for none
 * @param keys the keys the message can be looked up by
 * @param properties the application's own properties; RocketMQ's reserved names are refused
 * @param messageGroup the FIFO message group; null for none
 * @param deliverAtMillis when a delay message becomes visible; null for at once
 * @param messageId the client's id for the message; null to have one made
 * @param bornTimestamp when the client made the message; null for when the gateway got it
 * @param queueId the queue the client chose; -1 for the broker to pick
 * @param compressed whether {@code body} is compressed (gzip or zlib)
 * @param transaction the half-message settings of a transactional message; null for any other
 * @param traceContext the client's trace context; null for none
 */
public record Publication(
        byte[] body,
        String tag,
        List<String> keys,
        Map<String, String> properties,
        String messageGroup,
        Long deliverAtMillis,
        String messageId,
        Long bornTimestamp,
        int queueId,
        boolean compressed,
        Transaction transaction,
        String traceContext) {

    /**
     * A transactional half message's settings.
     *
     * @param checkImmunitySeconds how long the broker waits before asking the producer about it; null for the
     *     broker's default
     */
    public record Transaction(Long checkImmunitySeconds) {}

    public Publication {
        Objects.requireNonNull(body, "body");
        // Copies that keep nulls, so the checks can name a null key or value instead of failing here.
        keys = Collections.unmodifiableList(new ArrayList<>(keys));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Builder builder(byte[] body) {
        return new Builder(body);
    }

    /** Builds a {@link Publication}. */
    public static final class Builder {
        private final byte[] body;
        private String tag;
        private List<String> keys = List.of();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String messageGroup;
        private Long deliverAtMillis;
        private String messageId;
        private Long bornTimestamp;
        private int queueId = -1;
        private boolean compressed;
        private Transaction transaction;
        private String traceContext;

        private Builder(byte[] body) {
            this.body = body;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder keys(List<String> keys) {
            this.keys = keys;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            this.properties.putAll(properties);
            return this;
        }

        public Builder messageGroup(String messageGroup) {
            this.messageGroup = messageGroup;
            return this;
        }

        public Builder deliverAtMillis(Long deliverAtMillis) {
            this.deliverAtMillis = deliverAtMillis;
            return this;
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder bornTimestamp(Long bornTimestamp) {
            this.bornTimestamp = bornTimestamp;
            return this;
        }

        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        public Builder compressed(boolean compressed) {
            this.compressed = compressed;
            return this;
        }

        public Builder transaction(Transaction transaction) {
            this.transaction = transaction;
            return this;
        }

        public Builder traceContext(String traceContext) {
            this.traceContext = traceContext;
            return this;
        }

        public Publication build() {
            return new Publication(body, tag, keys, properties, messageGroup, deliverAtMillis, messageId,
                    bornTimestamp, queueId, compressed, transaction, traceContext);
        }
    }
}
