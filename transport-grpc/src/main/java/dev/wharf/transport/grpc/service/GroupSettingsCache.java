package dev.wharf.transport.grpc.service;

import apache.rocketmq.v2.Code;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wharf.transport.grpc.convert.GrpcCodes;
import dev.wharf.transport.grpc.convert.GrpcStatusException;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Consumer groups' settings, asked of the broker with GET_SUBSCRIPTIONGROUP_CONFIG and kept for a few
 * seconds: every receive and every settings reply needs them, and a group changes rarely.
 */
final class GroupSettingsCache {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final BrokerCommands broker;
    private final AsyncLoadingCache<GroupKey, GroupSettings> cache;

    /** The scope only matters for a load, which needs some client's context to dispatch with. */
    private record GroupKey(String group, CallScope scope) {
        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey key && key.group.equals(group);
        }

        @Override
        public int hashCode() {
            return group.hashCode();
        }
    }

    GroupSettingsCache(BrokerCommands broker) {
        this.broker = broker;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(FRESH_FOR)
                .maximumSize(10_000)
                .buildAsync((key, executor) -> load(key.scope(), key.group()));
    }

    /** The group's settings; fails with the broker's refusal as a {@link GrpcStatusException}. */
    CompletableFuture<GroupSettings> get(CallScope scope, String group) {
        return cache.get(new GroupKey(group, scope));
    }

    private CompletableFuture<GroupSettings> load(CallScope scope, String group) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG)
                .extField("group", group)
                .build();
        return broker.call(scope, request).thenApply(response -> {
            if (response.code() != ResponseCode.SUCCESS) {
                throw GrpcCodes.refusal(response);
            }
            return parse(group, response.body());
        });
    }

    private static GroupSettings parse(String group, byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return new GroupSettings(group,
                    json.path("consumeMessageOrderly").asBoolean(false),
                    json.path("retryMaxTimes").asInt(16));
        } catch (IOException | RuntimeException e) {
            throw new GrpcStatusException(Code.INTERNAL_SERVER_ERROR,
                    "the broker's config of group " + group + " is unreadable: " + e.getMessage());
        }
    }
}
