package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.group.SubscriptionGroupConfig;
import dev.wharf.broker.group.SubscriptionGroupRegistry;
import dev.wharf.broker.offset.ConsumerOffsetManager;
import dev.wharf.broker.protocol.Json;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * Consumer group administration as {@code mqadmin} sends it: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200, a
 * {@code SubscriptionGroupConfig} body), DELETE_SUBSCRIPTIONGROUP (207, optionally dropping the group's
 * offsets), GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201, a {@code SubscriptionGroupWrapper}) and
 * GET_SUBSCRIPTIONGROUP_CONFIG (352, one group's config; a group that does not exist yet is created with
 * the defaults, as an Apache broker with auto-created groups does, so gateways always learn its limits).
 */
public final class GroupAdminProcessor implements RequestProcessor {

    private final BrokerConfig config;
    private final SubscriptionGroupRegistry groups;
    private final ConsumerOffsetManager offsets;

    public GroupAdminProcessor(BrokerConfig config, SubscriptionGroupRegistry groups, ConsumerOffsetManager offsets) {
        this.config = config;
        this.groups = groups;
        this.offsets = offsets;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> createOrUpdate(request);
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> delete(request);
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> Replies.success(request,
                    Json.write(groups.ensure(HeaderReader.of(request).requiredString("group")).toJson()));
            default -> Replies.success(request, Json.write(groups.toJson()));
        };
    }

    private CompletableFuture<RemotingCommand> createOrUpdate(RemotingCommand request) {
        try {
            SubscriptionGroupConfig group = SubscriptionGroupConfig.fromJson(
                    Json.readTree(request.body(), "SubscriptionGroupConfig"), config.maxReconsumeTimes());
            groups.put(group);
        } catch (IllegalArgumentException refused) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER, refused.getMessage());
        }
        return Replies.success(request);
    }

    private CompletableFuture<RemotingCommand> delete(RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        String group = header.requiredString("groupName");
        groups.delete(group);
        if (header.optionalBoolean("cleanOffset", false)) {
            offsets.removeGroup(group);
        }
        return Replies.success(request);
    }
}
