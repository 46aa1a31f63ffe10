package dev.wharf.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Consumer groups' settings, asked of the broker with GET_SUBSCRIPTIONGROUP_CONFIG and kept for a few
 * seconds: every receive and every settings reply needs them, and a group changes rarely.
 */
public final class GroupSettingsCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final CommandDispatcher broker;
    private final AsyncLoadingCache<GroupKey, GroupSettings> cache;

    /** The context only matters for a load, which needs some client's context to dispatch with. */
    private record GroupKey(String group, RequestContext context) {
        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey key && key.group.equals(group);
        }

        @Override
        public int hashCode() {
            return group.hashCode();
        }
    }

    public GroupSettingsCache(CommandDispatcher broker) {
        this.broker = broker;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(FRESH_FOR)
                .maximumSize(10_000)
                // Clean-up and completions on the callers' threads, not on the JVM's common pool, which no
                // registry bounds or names; a load only sends a command and never blocks.
                .executor(Runnable::run)
                .buildAsync((key, executor) -> load(key.context(), key.group()));
    }

    /** The group's settings; fails with the broker's refusal as a {@link MessagingException}. */
    public CompletableFuture<GroupSettings> get(RequestContext context, String group) {
        return cache.get(new GroupKey(group, context));
    }

    private CompletableFuture<GroupSettings> load(RequestContext context, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .extField("group", group)
                .build();
        return broker.call(context, request)
                .thenApply(response -> parse(group, BrokerRefusals.requireSuccess(response).body()));
    }

    private static GroupSettings parse(String group, byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return new GroupSettings(group,
                    json.path("consumeMessageOrderly").asBoolean(false),
                    json.path("retryMaxTimes").asInt(16));
        } catch (IOException | RuntimeException e) {
            throw new MessagingException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "the broker's config of group " + group + " is unreadable: " + e.getMessage());
        }
    }
}
