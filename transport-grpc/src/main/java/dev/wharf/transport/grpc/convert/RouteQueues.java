package dev.wharf.transport.grpc.convert;

import apache.rocketmq.v2.Address;
import apache.rocketmq.v2.AddressScheme;
import apache.rocketmq.v2.Assignment;
import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.Resource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A broker's route answer ({@code TopicRouteData} JSON) as the gRPC protocol's {@link MessageQueue}s.
 *
 * <p>Queue ids are the broker's own: queue {@code i} is readable when {@code i < readQueueNums} and writable
 * when {@code i < writeQueueNums}, so ids below both counts are READ_WRITE and the rest READ or WRITE. A
 * producer then names a real broker queue in its send, which Wharf passes through (Apache RocketMQ's proxy
 * renumbers and picks the queue itself). Every queue is on broker id 0, reached at the endpoints the client
 * used, so it keeps talking to this gateway.
 */
public final class RouteQueues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PERM_READ = 0x4;
    private static final int PERM_WRITE = 0x2;
    private static final String MIXED = "MIXED";
    private static final String TYPE_ATTRIBUTE = "message.type";

    private RouteQueues() {}

    /**
     * The queues of a route.
     *
     * @param topic the topic as the client named it
     * @param routeJson the GET_ROUTEINFO_BY_TOPIC answer's body
     * @param acceptTypes the topic's message types ({@link #acceptedTypes})
     * @param endpoints where the client reaches every broker of the route
     */
    public static List<MessageQueue> of(
            Resource topic, byte[] routeJson, List<MessageType> acceptTypes, Endpoints endpoints) {
        JsonNode route = read(routeJson, "route of topic " + topic.getName());
        Set<String> brokers = new HashSet<>();
        route.path("brokerDatas").forEach(broker -> brokers.add(broker.path("brokerName").asText()));
        List<MessageQueue> queues = new ArrayList<>();
        for (JsonNode queueData : route.path("queueDatas")) {
            String brokerName = queueData.path("brokerName").asText();
            if (!brokers.contains(brokerName)) {
                continue; // a broker without an address cannot be served
            }
            Broker broker = Broker.newBuilder().setName(brokerName).setId(0).setEndpoints(endpoints).build();
            int perm = queueData.path("perm").asInt();
            int readable = (perm & PERM_READ) != 0 ? queueData.path("readQueueNums").asInt() : 0;
            int writable = (perm & PERM_WRITE) != 0 ? queueData.path("writeQueueNums").asInt() : 0;
            int count = (perm & (PERM_READ | PERM_WRITE)) == 0
                    ? Math.max(queueData.path("readQueueNums").asInt(), queueData.path("writeQueueNums").asInt())
                    : Math.max(readable, writable);
            for (int id = 0; id < count; id++) {
                queues.add(MessageQueue.newBuilder()
                        .setTopic(topic)
                        .setId(id)
                        .setPermission(permission(id < readable, id < writable))
                        .setBroker(broker)
                        .addAllAcceptMessageTypes(acceptTypes)
                        .build());
            }
        }
        return queues;
    }

    /**
     * QueryAssignment's answer: a FIFO group gets every readable queue, so each queue's order is kept by
     * one consumer at a time; any other group gets one assignment of queue -1 per broker with readable
     * queues, meaning "pop from any queue of that broker".
     */
    public static List<Assignment> assignments(Resource topic, byte[] routeJson, boolean fifo, Endpoints endpoints) {
        List<MessageQueue> readable = of(topic, routeJson, List.of(), endpoints).stream()
                .filter(queue -> queue.getPermission() == Permission.READ
                        || queue.getPermission() == Permission.READ_WRITE)
                .toList();
        if (fifo) {
            return readable.stream().map(queue -> Assignment.newBuilder().setMessageQueue(queue).build()).toList();
        }
        Map<String, MessageQueue> anyQueuePerBroker = new LinkedHashMap<>();
        for (MessageQueue queue : readable) {
            anyQueuePerBroker.merge(queue.getBroker().getName(), queue.toBuilder().setId(-1).build(),
                    (kept, next) -> next.getPermission() == Permission.READ_WRITE ? next : kept);
        }
        return anyQueuePerBroker.values().stream()
                .map(queue -> Assignment.newBuilder().setMessageQueue(queue).build())
                .toList();
    }

    /**
     * The message types a topic takes, from its GET_TOPIC_CONFIG answer's {@code message.type} attribute.
     * Never MESSAGE_TYPE_UNSPECIFIED, which the SDKs reject as "message type is not specified": a missing
     * or unknown type is NORMAL, as RocketMQ treats a topic without the attribute; MIXED is all four.
     */
    public static List<MessageType> acceptedTypes(byte[] topicConfigJson) {
        String type = read(topicConfigJson, "topic config").path("attributes").path(TYPE_ATTRIBUTE).asText("")
                .trim().toUpperCase(Locale.ROOT);
        if (type.equals(MIXED)) {
            return List.of(MessageType.NORMAL, MessageType.FIFO, MessageType.DELAY, MessageType.TRANSACTION);
        }
        for (MessageType known : MessageType.values()) {
            if (known.name().equals(type) && known != MessageType.MESSAGE_TYPE_UNSPECIFIED
                    && known != MessageType.UNRECOGNIZED) {
                return List.of(known);
            }
        }
        return List.of(MessageType.NORMAL);
    }

    /**
     * The endpoints every queue of a route advertises: the client's access point as it sent it, or else the
     * address it reached this listener on.
     */
    public static Endpoints endpoints(Endpoints requested, SocketAddress localAddress) {
        if (requested.getAddressesCount() > 0) {
            return requested;
        }
        if (!(localAddress instanceof InetSocketAddress local) || local.getAddress() == null) {
            throw new GrpcStatusException(Code.ILLEGAL_ACCESS_POINT,
                    "the request names no endpoints and the listener's address is unknown");
        }
        return Endpoints.newBuilder()
                .setScheme(local.getAddress() instanceof Inet6Address ? AddressScheme.IPv6 : AddressScheme.IPv4)
                .addAddresses(Address.newBuilder()
                        .setHost(local.getAddress().getHostAddress())
                        .setPort(local.getPort()))
                .build();
    }

    private static Permission permission(boolean readable, boolean writable) {
        if (readable && writable) {
            return Permission.READ_WRITE;
        }
        if (readable) {
            return Permission.READ;
        }
        return writable ? Permission.WRITE : Permission.NONE;
    }

    private static JsonNode read(byte[] json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw new GrpcStatusException(Code.INTERNAL_SERVER_ERROR,
                    "the broker's " + what + " is unreadable: " + e.getMessage());
        }
    }
}
