package dev.wharf.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message ids for messages whose client sent none (HTTP and WebSocket publishers), in the layout of a
 * Remoting client's {@code UNIQ_KEY}: uppercase hex of the host's IPv4 address (4 bytes), the low 16 bits of
 * the process id, a per-instance random number (4), milliseconds since the start of the month (4) and a
 * counter (2). Consumers of every protocol read them like any Remoting producer's ids.
 */
public final class UniqueMessageIds {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Clock clock;
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    public UniqueMessageIds(Clock clock) {
        this.clock = clock;
        ByteBuffer fixed = ByteBuffer.allocate(10);
        fixed.put(hostAddress());
        fixed.putShort((short) ProcessHandle.current().pid());
        fixed.putInt(ThreadLocalRandom.current().nextInt());
        this.prefix = HEX.formatHex(fixed.array());
    }

    public String next() {
        long now = clock.millis();
        long monthStart = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        ByteBuffer varying = ByteBuffer.allocate(6);
        varying.putInt((int) (now - monthStart));
        varying.putShort((short) counter.getAndIncrement());
        return prefix + HEX.formatHex(varying.array());
    }

    private static byte[] hostAddress() {
        try {
            byte[] address = InetAddress.getLocalHost().getAddress();
            return address.length == 4 ? address : new byte[] {127, 0, 0, 1};
        } catch (UnknownHostException unresolvable) {
            return new byte[] {127, 0, 0, 1};
        }
    }
}
