package dev.wharf.gateway.cli;

import dev.wharf.gateway.local.EventLoops;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingConnectException;
import dev.wharf.transport.spi.RemotingTimeoutException;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import dev.wharf.transport.spi.TransportRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Sends one admin command at a time to a running gateway over Remoting, with the client the transport
 * registry provides, and turns every way it can fail into an {@link AdminException} with one clear line.
 *
 * <pre>{@code
 * try (AdminClient gateway = AdminClient.connect(options)) {
 *     RemotingCommand topics = gateway.call("list topics", AdminRequests.listTopics());
 * }
 * }</pre>
 */
final class AdminClient implements AutoCloseable {

    private final TransportContext context;
    private final RemotingClient client;
    private final String address;
    private final Duration timeout;

    private AdminClient(TransportContext context, RemotingClient client, String address, Duration timeout) {
        this.context = context;
        this.client = client;
        this.address = address;
        this.timeout = timeout;
    }

    static AdminClient connect(AdminOptions options) {
        TransportContext context = EventLoops.sharedContext(1);
        try {
            RemotingClient client = TransportRegistry.load(context, AdminClient.class.getClassLoader())
                    .createClient(ProtocolType.REMOTING, ClientOptions.defaults().withConnectTimeout(options.timeout));
            return new AdminClient(context, client, options.address, options.timeout);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} and returns the successful response.
     *
     * @param action what the request does, for the error line: {@code create topic orders}
     * @throws AdminException when the gateway cannot be reached, does not answer, or answers an error
     */
    RemotingCommand call(String action, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = client.invoke(address, request, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("cannot " + action + ": interrupted");
        } catch (ExecutionException e) {
            throw new AdminException("cannot " + action + ": " + describe(e.getCause()));
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new AdminException("cannot " + action + ": the gateway answered " + ResponseCode.nameOf(response.code())
                    + (response.remark() == null ? "" : " (" + response.remark().trim() + ")"));
        }
        return response;
    }

    private String describe(Throwable failure) {
        if (failure instanceof RemotingConnectException) {
            Throwable reason = failure.getCause() == null ? failure : failure.getCause();
            return "no gateway reachable at " + address + " (" + Failures.describe(reason) + ")";
        }
        if (failure instanceof RemotingTimeoutException) {
            return "the gateway at " + address + " did not answer within " + timeout.toMillis() + " ms";
        }
        return Failures.describe(failure);
    }

    @Override
    public void close() {
        client.close();
        context.close();
    }
}
