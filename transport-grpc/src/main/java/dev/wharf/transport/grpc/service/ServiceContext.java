package dev.wharf.transport.grpc.service;

import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.GroupSettingsCache;
import dev.wharf.transport.grpc.GrpcServerOptions;
import dev.wharf.transport.grpc.session.ClientSessions;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the RPC translators share.
 *
 * @param broker where translated commands go
 * @param sessions the known clients
 * @param pool the bounded business pool calls run on
 * @param timer for waits that must not hold a thread (the shared event loops)
 * @param clock the transport's clock
 * @param groups consumer groups' settings, cached
 * @param options the listener's settings (limits told to clients and enforced on their requests)
 */
record ServiceContext(
        CommandDispatcher broker,
        ClientSessions sessions,
        ExecutorService pool,
        ScheduledExecutorService timer,
        Clock clock,
        GroupSettingsCache groups,
        GrpcServerOptions options) {}
