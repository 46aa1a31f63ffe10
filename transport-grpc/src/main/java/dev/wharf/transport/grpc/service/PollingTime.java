package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import com.google.protobuf.Duration;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.grpc.convert.ProtoTimes;

/**
 * How long a receive or pull may wait at the broker for messages: what the client asked for, else the
 * client's deadline less half a request timeout (time for the answer to travel back), kept within
 * [{@value #MIN_MILLIS}, {@value #MAX_MILLIS}] ms and never past the deadline.
 */
final class PollingTime {

    static final long MIN_MILLIS = 5_000;
    static final long MAX_MILLIS = 20_000;
    /**
     * The SDKs' default request timeout. The client's own value arrives in its Telemetry settings; the
     * Java SDK always sends a long-polling timeout, so this only matters to clients that do not.
     */
    static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 3_000;

    private PollingTime() {}

    /**
     * The polling time of a request.
     *
     * @param requested the request's long-polling timeout, or null when it set none
     * @param remainingMillis time left before the client's deadline ({@code Long.MAX_VALUE} for none)
     * @throws GrpcStatusException ILLEGAL_POLLING_TIME when the deadline leaves less than the minimum
     */
    static long millis(Duration requested, long remainingMillis) {
        long polling = requested != null
                ? ProtoTimes.millis(requested)
                : remainingMillis - DEFAULT_REQUEST_TIMEOUT_MILLIS / 2;
        polling = Math.min(Math.max(polling, MIN_MILLIS), MAX_MILLIS);
        if (polling <= remainingMillis) {
            return polling;
        }
        if (remainingMillis >= MIN_MILLIS) {
            return remainingMillis;
        }
        throw new GrpcStatusException(Code.ILLEGAL_POLLING_TIME, "the deadline leaves " + remainingMillis
                + " ms, less than the " + MIN_MILLIS + " ms a long poll needs; check the network or the timeout");
    }
}
