package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerSocketsTest {

    private static final int CONNECTIONS = 32;

    private final TransportContext perLoop = TransportContext.builder().ioThreads(2)
            .socketPerLoop(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT)).build();
    private final TransportContext shared = TransportContext.builder().ioThreads(2).build();
    private final List<ListenerSockets> bound = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();
    /** Each accepted connection, its event loop, and whether that is the loop of the socket that accepted it. */
    private final List<Channel> accepted = new CopyOnWriteArrayList<>();
    private final Set<EventLoop> servingLoops = ConcurrentHashMap.newKeySet();
    private final Set<Boolean> servedWhereAccepted = ConcurrentHashMap.newKeySet();

    @AfterEach
    void tearDown() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        bound.forEach(ListenerSockets::close);
        perLoop.close();
        shared.close();
    }

    @Test
    void aSocketPerLoopServesEachConnectionOnTheLoopThatAcceptedIt() throws IOException {
        ListenerSockets sockets = bind(perLoop, 0);

        assertThat(sockets.count()).isEqualTo(2);
        connect(sockets);
        await().until(() -> accepted.size() == CONNECTIONS);
        assertThat(servedWhereAccepted).containsExactly(true);
        assertThat(servingLoops).as("the kernel spreads %d connections over both sockets", CONNECTIONS).hasSize(2);
    }

    @Test
    void withoutTheOptionOneSocketAcceptsForEveryLoop() throws IOException {
        ListenerSockets sockets = bind(shared, 0);

        assertThat(sockets.count()).isEqualTo(1);
        connect(sockets);
        await().until(() -> accepted.size() == CONNECTIONS);
        assertThat(servingLoops).hasSize(2);
        assertThat(servedWhereAccepted).as("some connections are handed to the other loop").contains(false);
    }

    @Test
    void aPortAnotherProcessListensOnFailsTheBind() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> bind(perLoop, other.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void aSecondListenerWithTheOptionCannotShareAFixedPort() {
        int port = bind(perLoop, 0).localAddress().getPort();
        bound.forEach(ListenerSockets::close);
        bound.clear();
        // NIO releases a closed socket's port at its selector's next turn.
        await().ignoreExceptions().until(() -> bind(perLoop, port) != null);

        assertThatThrownBy(() -> bind(perLoop, port)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closedSocketsAcceptNoMore() {
        ListenerSockets sockets = bind(perLoop, 0);
        InetSocketAddress address = sockets.localAddress();

        sockets.close();

        // NIO releases a closed socket's port at its selector's next turn.
        await().until(() -> refused(address));
    }

    private static boolean refused(InetSocketAddress address) throws IOException {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    private ListenerSockets bind(TransportContext context, int port) {
        ListenerSockets sockets = ListenerSockets.bind(context, "127.0.0.1", port, recordingLoops());
        bound.add(sockets);
        return sockets;
    }

    private void connect(ListenerSockets sockets) throws IOException {
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(new Socket(sockets.localAddress().getAddress(), sockets.localAddress().getPort()));
        }
    }

    private ChannelHandler recordingLoops() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                servingLoops.add(channel.eventLoop());
                servedWhereAccepted.add(channel.eventLoop() == channel.parent().eventLoop());
                accepted.add(channel);
            }
        };
    }
}
