package dev.wharf.gateway.registration;

import dev.wharf.transport.remoting.NettyRemotingServer;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.TransportContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A NameServer on a real 127.0.0.1 port that records every REGISTER_BROKER and UNREGISTER_BROKER it is sent
 * and answers each with {@link #answerWith(int) the code it is told} (SUCCESS unless told otherwise).
 */
final class FakeNameServer implements AutoCloseable {

    private final TransportContext context = TransportContext.builder().ioThreads(1).build();
    private final NettyRemotingServer server = new NettyRemotingServer(context, ServerConfig.of("127.0.0.1", 0));
    private final List<RemotingCommand> received = new CopyOnWriteArrayList<>();
    private volatile int answerCode = ResponseCode.SUCCESS;

    FakeNameServer() {
        for (int code : new int[] {RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER}) {
            server.registerProcessor(code, (connection, request) -> {
                received.add(request);
                return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, answerCode).build());
            }, Runnable::run);
        }
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    void answerWith(int code) {
        answerCode = code;
    }

    List<RemotingCommand> received(int code) {
        return received.stream().filter(request -> request.code() == code).toList();
    }

    @Override
    public void close() {
        server.shutdown();
        context.close();
    }
}
