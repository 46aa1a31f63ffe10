package dev.wharf.transport.grpc;

import dev.wharf.transport.grpc.unified.AdoptedNegotiator;
import dev.wharf.transport.grpc.unified.GrpcOpeningDetector;
import dev.wharf.transport.spi.ChannelAdopter;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ProtocolDetector;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.TransportContext;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * gRPC on a unified port: each connection the port recognises as gRPC ({@link GrpcOpeningDetector}) is handed
 * to a {@link GrpcStack}, built on the first one, whose grpc-netty serves it on the connection itself, on the
 * event loop it already runs on, with the port's TLS and client address ({@link AdoptedNegotiator}). Spoken
 * under ALPN {@code h2}.
 */
final class GrpcAdopter implements ChannelAdopter {

    private final ProcessorTable processors;
    private final GrpcStack stack;

    private GrpcAdopter(ProcessorTable processors, GrpcStack stack) {
        this.processors = processors;
        this.stack = stack;
    }

    static GrpcAdopter create(TransportContext context, GrpcServerOptions options) {
        ProcessorTable processors = new ProcessorTable(context.metrics());
        return new GrpcAdopter(processors, new GrpcStack(context, options, processors, AdoptedNegotiator::new));
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.GRPC;
    }

    @Override
    public Optional<ProtocolDetector> detector() {
        return Optional.of(new GrpcOpeningDetector());
    }

    @Override
    public List<String> applicationProtocols() {
        return List.of("h2");
    }

    /** Nothing to start: the stack starts with the first gRPC connection. */
    @Override
    public void start() {}

    @Override
    public CompletionStage<Void> adopt(Channel channel) {
        return stack.adopt(channel);
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.registerProcessor(code, processor, executor);
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefaultProcessor(processor, executor);
    }

    /** grpc-java's graceful shutdown of the adopted connections: see {@link GrpcServer#shutdownGracefully}. */
    @Override
    public void closeGracefully(Duration timeout) {
        stack.close(timeout);
    }

    @Override
    public void close() {
        stack.close(GrpcServer.SHUTDOWN_GRACE);
    }
}
