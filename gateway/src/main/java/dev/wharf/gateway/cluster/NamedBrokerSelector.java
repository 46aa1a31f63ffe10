package dev.wharf.gateway.cluster;

import dev.wharf.gateway.local.BrokerSelector;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Sends each command to the master of the broker it names: RocketMQ 4.9.5+ and 5.x clients put the broker
 * name of the queue they address in {@code bname} (the RPC header every broker request carries), and a
 * SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE / SEND_REPLY_MESSAGE_V2 header also has it as {@code n}; an orderly
 * consumer's LOCK_BATCH_MQ and UNLOCK_BATCH_MQ name it only in their body's queues. The names
 * are the cluster's own, since the routes clients get from the gateway keep them. An ACK_MESSAGE or
 * CHANGE_MESSAGE_INVISIBLETIME goes to the broker its receipt names ({@link ReceiptBroker}), whatever
 * {@code bname} says: only the broker that popped the message can settle it.
 *
 * <p>A command that names no broker is refused with VERSION_NOT_SUPPORTED (the code Apache RocketMQ's Proxy
 * uses), since any broker but the right one would answer for the wrong queues; the exceptions are commands
 * every broker answers alike because the gateway heartbeats them all ({@link #ANY_BROKER}).
 */
final class NamedBrokerSelector implements BrokerSelector {

    /** Broker name in the RPC header of every 4.9.5+ request. */
    static final String BROKER_NAME = "bname";
    /** Broker name in the short-keyed V2 send header. */
    static final String V2_BROKER_NAME = "n";

    /** Answered the same by every broker, since every broker receives every client's heartbeats. */
    private static final Set<Integer> ANY_BROKER =
            Set.of(RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG);
    /** Name their broker in their body's queues. */
    private static final Set<Integer> QUEUE_LOCKS = Set.of(RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ);
    private static final Set<Integer> V2_SENDS = Set.of(
            RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2);

    private final RouteCache routes;

    NamedBrokerSelector(RouteCache routes) {
        this.routes = routes;
    }

    @Override
    public CompletableFuture<String> select(RemotingCommand request) {
        String receiptBroker = ReceiptBroker.of(request);
        if (receiptBroker != null) {
            return routes.masterOf(receiptBroker).exceptionallyCompose(unknown -> CompletableFuture.failedFuture(
                    new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE, "the receipt handle names broker '"
                            + receiptBroker + "', which has no master in the cluster: "
                            + Failures.unwrap(unknown).getMessage())));
        }
        String brokerName = brokerName(request);
        if (brokerName != null) {
            return routes.masterOf(brokerName);
        }
        if (ANY_BROKER.contains(request.code())) {
            return routes.masters().thenApply(masters -> masters.stream().sorted().findFirst().orElseThrow(
                    () -> new RemotingCommandException(ResponseCode.SERVICE_NOT_AVAILABLE,
                            "the cluster's NameServers know no broker with a master")));
        }
        return CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.VERSION_NOT_SUPPORTED,
                RequestCode.nameOf(request.code()) + " names no broker (header field " + BROKER_NAME
                        + "); a Wharf gateway in cluster mode needs it, as RocketMQ clients 4.9.5 and later send it"));
    }

    /** A broker that did not answer may have left: the next request asks the NameServers again. */
    @Override
    public void unreachable(String address) {
        routes.invalidateAll();
    }

    /** The broker {@code request} names in its header (or a lock's body), or null when it names none. */
    static String brokerName(RemotingCommand request) {
        String name = request.extField(BROKER_NAME);
        if ((name == null || name.isBlank()) && V2_SENDS.contains(request.code())) {
            name = request.extField(V2_BROKER_NAME);
        }
        if ((name == null || name.isBlank()) && QUEUE_LOCKS.contains(request.code())) {
            name = lockedQueuesBroker(request);
        }
        return name == null || name.isBlank() ? null : name;
    }

    /**
     * The broker of the queues a LOCK_BATCH_MQ or UNLOCK_BATCH_MQ body lists ({@code mqSet}): clients, 5.x
     * included, leave {@code bname} out of these, and send each broker's queues in a request of their own.
     *
     * @throws RemotingCommandException INVALID_PARAMETER when the body is no JSON or its queues name several
     *     brokers
     */
    private static String lockedQueuesBroker(RemotingCommand request) {
        String what = "the " + RequestCode.nameOf(request.code()) + " body";
        TreeSet<String> brokers = new TreeSet<>();
        try {
            RouteJson.read(request.body(), what).path("mqSet")
                    .forEach(queue -> brokers.add(queue.path("brokerName").asText("")));
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        if (brokers.size() > 1) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    what + " lists queues of several brokers " + brokers + "; lock each broker's queues apart");
        }
        return brokers.isEmpty() ? null : brokers.first();
    }
}
