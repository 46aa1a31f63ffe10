package dev.wharf.gateway.cluster;

import dev.wharf.message.MessageProperties;
import dev.wharf.message.StoredMessage;
import dev.wharf.message.StoredMessageCodec;
import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the cluster's brokers send to clients, which reach the gateway on its own connection to the broker
 * (the only one the broker knows for every client behind this gateway), handed on to a client connected here:
 *
 * <ul>
 *   <li>CHECK_TRANSACTION_STATE to a producer of the half message's group ({@code PGROUP} of the message in the
 *       body), with {@code bname} set to the broker that asked, so that the answer (END_TRANSACTION) goes back
 *       to it;
 *   <li>NOTIFY_CONSUMER_IDS_CHANGED to every consumer of the group;
 *   <li>GET_CONSUMER_RUNNING_INFO and CONSUME_MESSAGE_DIRECTLY to the consumer they name by {@code clientId},
 *       whose answer goes back to the broker.
 * </ul>
 *
 * <p>A broker only asks gateways its clients' heartbeats went through, so the client is normally here; when it
 * is not (it left), a oneway notice is dropped and a request is refused with SYSTEM_ERROR naming what is missing.
 */
final class BrokerCallbacks implements RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(BrokerCallbacks.class);

    private final ClientConnections clients;
    private final RouteCache routes;
    private final Duration timeout;

    BrokerCallbacks(ClientConnections clients, RouteCache routes, Duration timeout) {
        this.clients = clients;
        this.routes = routes;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.CHECK_TRANSACTION_STATE -> checkTransaction(context, request);
            case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED -> notifyConsumers(request);
            case RequestCode.GET_CONSUMER_RUNNING_INFO, RequestCode.CONSUME_MESSAGE_DIRECTLY -> askConsumer(request);
            default -> CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "a Cluster-mode gateway does not relay " + RequestCode.nameOf(request.code()) + " to clients"));
        };
    }

    private CompletableFuture<RemotingCommand> checkTransaction(RequestContext context, RemotingCommand request) {
        String group = producerGroup(request);
        Connection producer = clients.producer(group).orElse(null);
        if (producer == null) {
            log.debug("no producer of group {} is connected here to check transaction {}", group,
                    request.extField("transactionId"));
            return answerless(request, "no producer of group " + group + " is connected to this gateway");
        }
        return routes.brokerAt(hostAndPort(context.connection().remoteAddress())).thenCompose(broker -> {
            RemotingCommand relayed = broker.isEmpty() ? request
                    : request.toBuilder().extField(NamedBrokerSelector.BROKER_NAME, broker.get()).build();
            return relay(producer, relayed);
        });
    }

    private CompletableFuture<RemotingCommand> notifyConsumers(RemotingCommand request) {
        List<Connection> consumers = clients.consumers(request.extField("consumerGroup"));
        consumers.forEach(consumer -> consumer.send(request.toBuilder().oneway().build()));
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<RemotingCommand> askConsumer(RemotingCommand request) {
        String group = request.extField("consumerGroup");
        String clientId = request.extField("clientId");
        return clients.consumer(group, clientId)
                .map(consumer -> relay(consumer, request))
                .orElseGet(() -> answerless(request, "consumer " + clientId + " of group " + group
                        + " is not connected to this gateway"));
    }

    private CompletableFuture<RemotingCommand> relay(Connection client, RemotingCommand request) {
        if (request.isOneway()) {
            return client.send(request).thenApply(written -> null);
        }
        return client.invoke(request, timeout);
    }

    /** Nothing for a oneway request (the broker expects no answer); a refusal naming {@code why} otherwise. */
    private static CompletableFuture<RemotingCommand> answerless(RemotingCommand request, String why) {
        return request.isOneway() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new RemotingCommandException(ResponseCode.SYSTEM_ERROR, why));
    }

    /** The producer group of the half message in a check's body. */
    private static String producerGroup(RemotingCommand request) {
        try {
            StoredMessage half = StoredMessageCodec.decode(ByteBuffer.wrap(request.body()));
            String group = half.property(MessageProperties.PRODUCER_GROUP);
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("its message names no producer group (PGROUP)");
            }
            return group;
        } catch (RuntimeException unreadable) {
            throw new RemotingCommandException(ResponseCode.MESSAGE_ILLEGAL,
                    "cannot relay the transaction check: " + unreadable.getMessage());
        }
    }

    private static String hostAndPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : String.valueOf(address);
    }
}
