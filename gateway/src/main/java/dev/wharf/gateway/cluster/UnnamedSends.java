package dev.wharf.gateway.cluster;

import dev.wharf.message.MessageProperties;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends that name no broker: those of gRPC, HTTP and WebSocket clients (made by messaging-commands) and of
 * Remoting clients older than 4.9.5. The queue the client asked for is an id without a broker, so the gateway
 * picks one from the topic's route ({@link TopicRoute#writableQueues()}) and names it in the send:
 *
 * <ul>
 *   <li>a message of a FIFO group (property {@value MessageProperties#SHARDING_KEY}) always goes to the queue its
 *       group hashes to among every writable queue of the route, so the group's order is kept, and is never
 *       sent elsewhere;
 *   <li>any other message takes the next queue in turn, and when its broker proves it did not store the
 *       message ({@link #notStored}) it is sent once more to the next queue of another broker.
 * </ul>
 *
 * <p>The answer names the broker that stored the message in the header field {@value #STORED_BY} (Wharf's own):
 * ending a transaction must name the broker of its half message.
 *
 * <pre>{@code
 * UnnamedSends sends = new UnnamedSends(routes, namedForwarder);
 * sends.send(context, sendWithoutBrokerName);
 * }</pre>
 */
final class UnnamedSends {

    /** The answer's header field naming the broker the send went to. */
    static final String STORED_BY = NamedBrokerSelector.BROKER_NAME;

    private final RouteCache routes;
    private final RequestProcessor named;
    private final AtomicInteger next = new AtomicInteger();

    /** @param named forwards a send to the broker it names, as {@link NamedBrokerSelector} picks it */
    UnnamedSends(RouteCache routes, RequestProcessor named) {
        this.routes = routes;
        this.named = named;
    }

    CompletableFuture<RemotingCommand> send(RequestContext context, RemotingCommand request) {
        SendHeader header = SendHeader.of(request);
        return routes.route(header.topic()).thenCompose(route -> {
            List<BrokerQueue> queues = route.writableQueues();
            if (queues.isEmpty()) {
                throw new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE,
                        "topic " + header.topic() + " has no writable queue on a broker with a master");
            }
            String group = header.messageGroup();
            if (group != null) {
                return sendTo(context, header, queueOfGroup(queues, group));
            }
            int turn = Math.floorMod(next.getAndIncrement(), queues.size());
            BrokerQueue first = queues.get(turn);
            return attempt(context, header, first).thenCompose(outcome -> {
                Optional<BrokerQueue> other = otherBroker(queues, turn);
                if (other.isPresent() && notStored(outcome.response(), outcome.failure())) {
                    return sendTo(context, header, other.get());
                }
                return outcome.result();
            });
        });
    }

    /** The queue of a FIFO group: the same one for as long as the route stays as it is. */
    static BrokerQueue queueOfGroup(List<BrokerQueue> queues, String group) {
        return queues.get(Math.floorMod(group.hashCode(), queues.size()));
    }

    /** The first queue after {@code turn} that is on another broker than the queue at {@code turn}, if any. */
    static Optional<BrokerQueue> otherBroker(List<BrokerQueue> queues, int turn) {
        String failed = queues.get(turn).brokerName();
        for (int step = 1; step < queues.size(); step++) {
            BrokerQueue candidate = queues.get((turn + step) % queues.size());
            if (!candidate.brokerName().equals(failed)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an attempt proves the broker did not store the message, so sending it elsewhere cannot duplicate
     * it: the broker refused it as busy or unable to serve, the cluster has no master for it, or the
     * connection to it could not be opened. A timeout or a connection lost while waiting proves nothing.
     */
    static boolean notStored(RemotingCommand response, Throwable failure) {
        if (failure == null) {
            return response != null && (response.code() == ResponseCode.SYSTEM_BUSY
                    || response.code() == ResponseCode.SERVICE_NOT_AVAILABLE);
        }
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof RemotingCommandException refused && refused.getCause() == null) {
            return refused.responseCode() == ResponseCode.SERVICE_NOT_AVAILABLE; // no master: nothing was sent
        }
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Outcome> attempt(RequestContext context, SendHeader header, BrokerQueue queue) {
        CompletableFuture<RemotingCommand> sent;
        try {
            sent = sendTo(context, header, queue);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle(Outcome::new);
    }

    /** The send to {@code queue}; its answer (none for a oneway send) names the queue's broker. */
    private CompletableFuture<RemotingCommand> sendTo(RequestContext context, SendHeader header, BrokerQueue queue) {
        return named.process(context, header.to(queue)).thenApply(response -> response == null
                ? null
                : response.toBuilder().extField(STORED_BY, queue.brokerName()).build());
    }

    /** An attempt's answer or failure, kept to decide on another attempt before handing it on. */
    private record Outcome(RemotingCommand response, Throwable failure) {
        CompletableFuture<RemotingCommand> result() {
            return failure == null ? CompletableFuture.completedFuture(response)
                    : CompletableFuture.failedFuture(Failures.unwrap(failure));
        }
    }

    /** The header fields of a send, under the names its request code uses. */
    private record SendHeader(RemotingCommand request, boolean shortNames) {

        static SendHeader of(RemotingCommand request) {
            boolean v2 = request.code() == RequestCode.SEND_MESSAGE_V2 || request.code() == RequestCode.SEND_BATCH_MESSAGE;
            SendHeader header = new SendHeader(request, v2);
            if (header.topic() == null || header.topic().isBlank()) {
                throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, RequestCode.nameOf(request.code())
                        + " needs the header field " + (v2 ? "b" : "topic"));
            }
            return header;
        }

        String topic() {
            return request.extField(shortNames ? "b" : "topic");
        }

        /** The message's FIFO group; null for a message of none. */
        String messageGroup() {
            String properties = request.extField(shortNames ? "i" : "properties");
            if (properties == null || properties.isEmpty()) {
                return null;
            }
            String group = MessageProperties.decode(properties).get(MessageProperties.SHARDING_KEY);
            return group == null || group.isEmpty() ? null : group;
        }

        /** The send, aimed at {@code queue}. */
        RemotingCommand to(BrokerQueue queue) {
            RemotingCommand.Builder aimed = request.toBuilder()
                    .extField(shortNames ? "e" : "queueId", queue.queueId())
                    .extField(NamedBrokerSelector.BROKER_NAME, queue.brokerName());
            if (shortNames) {
                aimed.extField(NamedBrokerSelector.V2_BROKER_NAME, queue.brokerName());
            }
            return aimed.build();
        }
    }
}
