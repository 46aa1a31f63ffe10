package dev.wharf.compat.support;

import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * Admin requests built by hand and sent straight to the broker over the Remoting client's own classes, which
 * both client lines share: for what the clients' admin APIs cannot express, or only through rocketmq-tools.
 *
 * <p>One client serves every request of the test JVM and is shut down when the JVM exits: a client's shutdown
 * waits out its event loops' quiet period, about 3 s, which per created topic or group would add minutes.
 */
final class AdminRequests {

    private static final int SUCCESS = 0;
    private static final long TIMEOUT_MILLIS = 5_000;

    private AdminRequests() {}

    /**
     * Sends {@code request} to the broker of {@code server} and waits for the answer.
     *
     * @param what what the request does, for the failure message
     * @throws IllegalStateException when the answer is not SUCCESS or none comes
     */
    static void send(MessagingServer server, RemotingCommand request, String what) {
        try {
            RemotingCommand answer = SharedClient.CLIENT.invokeSync(server.brokerAddress(), request, TIMEOUT_MILLIS);
            if (answer.getCode() != SUCCESS) {
                throw new IllegalStateException(what + " failed: " + answer.getCode() + " " + answer.getRemark());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (RemotingException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }

    /** Started on first use (holder idiom); a shutdown hook stops it. */
    private static final class SharedClient {

        static final NettyRemotingClient CLIENT = started();

        private static NettyRemotingClient started() {
            NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
            client.start();
            Runtime.getRuntime().addShutdownHook(new Thread(client::shutdown, "admin-requests-shutdown"));
            return client;
        }
    }
}
