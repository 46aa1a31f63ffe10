package dev.wharf.transport.grpc.convert;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Protobuf's {@link Timestamp} and {@link Duration} to and from epoch and elapsed milliseconds. */
public final class ProtoTimes {

    private ProtoTimes() {}

    public static Timestamp timestamp(long epochMillis) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMillis, 1000))
                .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
                .build();
    }

    public static long millis(Timestamp timestamp) {
        return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
    }

    public static long millis(Duration duration) {
        return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
    }

    public static Duration duration(long millis) {
        return Duration.newBuilder()
                .setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
                .build();
    }
}
