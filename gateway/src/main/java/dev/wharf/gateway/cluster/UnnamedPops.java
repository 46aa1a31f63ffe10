package dev.wharf.gateway.cluster;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POP_MESSAGE that names no broker, as messaging-commands sends it for HTTP and WebSocket receivers: the
 * brokers with readable queues of the topic are asked in turn, each pop starting one broker further, each
 * holding the request for its share of the client's {@code pollTime}. The first broker that hands out messages
 * answers; its answer names it in the header field {@value #POPPED_BY} (Wharf's own), since the receipts built
 * from it must name the broker that popped the messages. When none has any, the answer is an empty one; when
 * none answered at all, the first failure.
 *
 * <pre>{@code
 * UnnamedPops pops = new UnnamedPops(routes, namedForwarder);
 * pops.pop(context, popOfAnyQueue);   // answer.extField("bname") is the broker that popped
 * }</pre>
 */
final class UnnamedPops {

    /** The answer's header field naming the broker that popped its messages. */
    static final String POPPED_BY = NamedBrokerSelector.BROKER_NAME;

    private final RouteCache routes;
    private final RequestProcessor named;
    private final AtomicInteger next = new AtomicInteger();

    /** @param named forwards a pop to the broker it names, as {@link NamedBrokerSelector} picks it */
    UnnamedPops(RouteCache routes, RequestProcessor named) {
        this.routes = routes;
        this.named = named;
    }

    CompletableFuture<RemotingCommand> pop(RequestContext context, RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null || topic.isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, "POP_MESSAGE needs the header field topic");
        }
        long pollMillis = parseMillis(request.extField("pollTime"));
        return routes.route(topic).thenCompose(route -> {
            List<String> brokers = rotation(route.readableBrokers(), next.getAndIncrement());
            if (brokers.isEmpty()) {
                throw new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE,
                        "topic " + topic + " has no readable queue on a broker with a master");
            }
            return ask(context, request, brokers, pollMillis / brokers.size(), 0, new Tally());
        });
    }

    /** {@code brokers} starting at the one {@code turn} picks, wrapping around. */
    static List<String> rotation(List<String> brokers, int turn) {
        List<String> rotated = new ArrayList<>(brokers.size());
        for (int step = 0; step < brokers.size(); step++) {
            rotated.add(brokers.get(Math.floorMod(turn + step, brokers.size())));
        }
        return rotated;
    }

    private CompletableFuture<RemotingCommand> ask(RequestContext context, RemotingCommand request,
            List<String> brokers, long share, int index, Tally tally) {
        String broker = brokers.get(index);
        RemotingCommand aimed = request.toBuilder()
                .extField(NamedBrokerSelector.BROKER_NAME, broker)
                .extField("pollTime", share)
                .build();
        CompletableFuture<RemotingCommand> answer;
        try {
            answer = named.process(context, aimed);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, failure) -> {
            if (failure == null && response != null && response.code() == ResponseCode.SUCCESS) {
                return CompletableFuture.completedFuture(response.toBuilder().extField(POPPED_BY, broker).build());
            }
            tally.add(response, failure);
            return index + 1 < brokers.size()
                    ? ask(context, request, brokers, share, index + 1, tally)
                    : tally.outcome();
        }).thenCompose(outcome -> outcome);
    }

    private static long parseMillis(String pollTime) {
        if (pollTime == null || pollTime.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(pollTime.trim()));
        } catch (NumberFormatException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "POP_MESSAGE's pollTime '" + pollTime + "' is not a number of milliseconds");
        }
    }

    /** What the brokers that had nothing to hand out said: an empty answer wins over a failure. */
    private static final class Tally {
        private RemotingCommand empty;
        private RemotingCommand firstRefusal;
        private Throwable firstFailure;

        void add(RemotingCommand response, Throwable failure) {
            if (failure != null) {
                firstFailure = firstFailure == null ? Failures.unwrap(failure) : firstFailure;
            } else if (response.code() == ResponseCode.POLLING_TIMEOUT || response.code() == ResponseCode.PULL_NOT_FOUND) {
                empty = empty == null ? response : empty;
            } else {
                firstRefusal = firstRefusal == null ? response : firstRefusal;
            }
        }

        CompletableFuture<RemotingCommand> outcome() {
            if (empty != null) {
                return CompletableFuture.completedFuture(empty);
            }
            if (firstRefusal != null) {
                return CompletableFuture.completedFuture(firstRefusal);
            }
            return CompletableFuture.failedFuture(firstFailure);
        }
    }
}
