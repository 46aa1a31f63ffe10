package dev.wharf.broker.client;

import dev.wharf.transport.spi.Connection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which connections are online in which consumer group, with what subscriptions. Members join with each
 * heartbeat, leave when they unregister, and expire when their connection is gone or their heartbeats
 * stop ({@link #expire()}, run periodically). Whenever a group's membership or subscriptions change,
 * every remaining member is pushed NOTIFY_CONSUMER_IDS_CHANGED so it rebalances at once.
 *
 * <pre>{@code
 * consumers.register(member, consumerData);        // from HEART_BEAT
 * consumers.consumerIds("billing");                // ["10.0.0.7@4711#123", ...]
 * consumers.subscription("billing", "orders");     // from PULL_MESSAGE without a subscription
 * }</pre>
 */
public final class ConsumerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConsumerRegistry.class);

    private final Clock clock;
    private final Duration expiry;
    private final Predicate<String> notifyEnabled;
    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();

    /**
     * @param clock time source of heartbeats and expiry
     * @param expiry how long a member stays without a heartbeat
     * @param notifyEnabled whether a group wants NOTIFY_CONSUMER_IDS_CHANGED pushes
     */
    public ConsumerRegistry(Clock clock, Duration expiry, Predicate<String> notifyEnabled) {
        this.clock = clock;
        this.expiry = expiry;
        this.notifyEnabled = notifyEnabled;
    }

    /** Records a heartbeat of one member of one group; notifies the group if that changed it. */
    public void register(ConsumerMember member, ConsumerData data) {
        while (true) {
            GroupState state = groups.computeIfAbsent(data.groupName(), GroupState::new);
            boolean changed;
            synchronized (state) {
                if (groups.get(data.groupName()) != state) {
                    continue; // emptied and dropped meanwhile: join the group's new state instead
                }
                changed = state.members.put(member.connection().id(), member) == null;
                changed |= state.updateSubscriptions(data);
                state.consumeType = data.consumeType();
                state.messageModel = data.messageModel();
                state.consumeFromWhere = data.consumeFromWhere();
            }
            if (changed) {
                notifyMembers(state);
            }
            return;
        }
    }

    /** Removes a connection from a group (UNREGISTER_CLIENT); notifies the rest if it was there. */
    public void unregister(String group, Connection connection) {
        GroupState state = groups.get(group);
        if (state == null) {
            return;
        }
        boolean removed;
        synchronized (state) {
            removed = state.members.remove(connection.id()) != null;
            dropIfEmpty(state);
        }
        if (removed) {
            notifyMembers(state);
        }
    }

    /** Removes members whose connection closed or whose heartbeats stopped; returns how many. */
    public int expire() {
        long oldest = clock.millis() - expiry.toMillis();
        int expired = 0;
        for (GroupState state : groups.values()) {
            boolean changed;
            synchronized (state) {
                int before = state.members.size();
                state.members.values().removeIf(member ->
                        !member.connection().isActive() || member.lastHeartbeatMillis() < oldest);
                changed = state.members.size() != before;
                expired += before - state.members.size();
                dropIfEmpty(state);
            }
            if (changed) {
                notifyMembers(state);
            }
        }
        return expired;
    }

    /** The distinct client ids online in a group, sorted as clients sort them for rebalancing. */
    public List<String> consumerIds(String group) {
        return view(group).map(view -> {
            Set<String> ids = new TreeSet<>();
            view.members().forEach(member -> ids.add(member.clientId()));
            return List.copyOf(ids);
        }).orElse(List.of());
    }

    /** The group's subscription of a topic, as registered by heartbeats. */
    public Optional<SubscriptionData> subscription(String group, String topic) {
        GroupState state = groups.get(group);
        return state == null ? Optional.empty() : Optional.ofNullable(state.subscriptions.get(topic));
    }

    /** Whether the group has any member online. */
    public boolean isOnline(String group) {
        GroupState state = groups.get(group);
        return state != null && !state.members.isEmpty();
    }

    /** A snapshot of an online group. */
    public Optional<ConsumerGroupView> view(String group) {
        GroupState state = groups.get(group);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            if (state.members.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ConsumerGroupView(group, List.copyOf(state.members.values()),
                    Map.copyOf(state.subscriptions), state.consumeType, state.messageModel, state.consumeFromWhere));
        }
    }

    /** Online groups subscribed to a topic. */
    public Set<String> groupsSubscribing(String topic) {
        Set<String> result = new TreeSet<>();
        groups.values().forEach(state -> {
            if (!state.members.isEmpty() && state.subscriptions.containsKey(topic)) {
                result.add(state.group);
            }
        });
        return result;
    }

    private void dropIfEmpty(GroupState state) {
        if (state.members.isEmpty()) {
            groups.remove(state.group, state);
        }
    }

    private void notifyMembers(GroupState state) {
        if (!notifyEnabled.test(state.group)) {
            return;
        }
        List<ConsumerMember> members;
        synchronized (state) {
            members = new ArrayList<>(state.members.values());
        }
        RemotingCommand notice = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extField("consumerGroup", state.group)
                .oneway()
                .build();
        for (ConsumerMember member : members) {
            member.connection().send(notice).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.debug("could not tell {} that group {} changed: {}", member.clientId(), state.group,
                            failure.toString());
                }
            });
        }
    }

    /** One group's members and subscriptions; guarded by its own monitor. */
    private static final class GroupState {
        private final String group;
        private final Map<String, ConsumerMember> members = new ConcurrentHashMap<>();
        private volatile Map<String, SubscriptionData> subscriptions = Map.of();
        private String consumeType;
        private String messageModel;
        private String consumeFromWhere;

        private GroupState(String group) {
            this.group = group;
        }

        /**
         * Takes the heartbeat's subscriptions: a topic's entry is replaced only by a newer subVersion (members
         * subscribe at different times), topics no longer sent are dropped. Returns whether the set changed.
         */
        private boolean updateSubscriptions(ConsumerData data) {
            Map<String, SubscriptionData> next = new HashMap<>();
            boolean changed = false;
            for (SubscriptionData sent : data.subscriptionDataSet()) {
                SubscriptionData old = subscriptions.get(sent.topic());
                if (old == null || sent.subVersion() > old.subVersion()) {
                    next.put(sent.topic(), sent);
                    changed |= old == null || !Objects.equals(old.subString(), sent.subString());
                } else {
                    next.put(sent.topic(), old);
                }
            }
            changed |= !next.keySet().equals(subscriptions.keySet());
            subscriptions = Map.copyOf(next);
            return changed;
        }
    }
}
