package dev.wharf.broker.timer;

import dev.wharf.message.MessageRecord;
import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads when a message asks to be delivered: {@code TIMER_DELIVER_MS} (absolute epoch milliseconds), else
 * {@code TIMER_DELAY_SEC} or {@code TIMER_DELAY_MS} (relative to now), and checks it against the cap.
 *
 * <pre>{@code
 * OptionalLong at = DeliveryTime.of(message.properties(), clock.millis(), Duration.ofDays(3));
 * }</pre>
 */
public final class DeliveryTime {

    /** The properties a client sets to ask for a delivery time, any one of which makes a timer message. */
    public static final String[] PROPERTIES = {
        MessageProperties.TIMER_DELIVER_MS, MessageProperties.TIMER_DELAY_SEC, MessageProperties.TIMER_DELAY_MS
    };

    private DeliveryTime() {}

    /** Whether any of the timer properties is present. */
    public static boolean requested(Map<String, String> properties) {
        for (String key : PROPERTIES) {
            if (properties.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /** The message without any of the timer properties. */
    public static MessageRecord withoutRequest(MessageRecord message) {
        if (!requested(message.properties())) {
            return message;
        }
        MessageRecord.Builder plain = message.toBuilder();
        for (String key : PROPERTIES) {
            plain.property(key, null);
        }
        return plain.build();
    }

    /**
     * The epoch millisecond the message asks to be delivered at, empty when it asks for none.
     *
     * @throws RemotingCommandException MESSAGE_ILLEGAL when the value is not a whole number, or names a
     *     time more than {@code maxDelay} after {@code now}
     */
    public static OptionalLong of(Map<String, String> properties, long now, Duration maxDelay) {
        long deliverAt;
        String absolute = properties.get(MessageProperties.TIMER_DELIVER_MS);
        String seconds = properties.get(MessageProperties.TIMER_DELAY_SEC);
        String millis = properties.get(MessageProperties.TIMER_DELAY_MS);
        if (absolute != null) {
            deliverAt = number(MessageProperties.TIMER_DELIVER_MS, absolute, "epoch milliseconds");
        } else if (seconds != null) {
            deliverAt = later(now, number(MessageProperties.TIMER_DELAY_SEC, seconds, "seconds"), 1000);
        } else if (millis != null) {
            deliverAt = later(now, number(MessageProperties.TIMER_DELAY_MS, millis, "milliseconds"), 1);
        } else {
            return OptionalLong.empty();
        }
        long cap = now + maxDelay.toMillis();
        if (deliverAt > cap) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL, "the delivery time "
                    + describe(deliverAt) + " is more than the timer's maximum delay of " + maxDelay
                    + " ahead (latest allowed now: " + describe(cap) + ")");
        }
        return OptionalLong.of(deliverAt);
    }

    private static long number(String key, String value, String unit) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                    "the " + key + " property must be a whole number of " + unit + ", got '" + value + "'");
        }
    }

    /** {@code now + amount * unitMillis}, saturating so an absurd delay is refused by the cap, not wrapped. */
    private static long later(long now, long amount, long unitMillis) {
        try {
            return Math.addExact(now, Math.multiplyExact(amount, unitMillis));
        } catch (ArithmeticException overflow) {
            return amount < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static String describe(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis) + " (" + epochMillis + " ms)";
    }
}
