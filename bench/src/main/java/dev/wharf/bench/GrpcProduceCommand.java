package dev.wharf.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code grpc-produce}: producer throughput and send latency with the 5.x gRPC SDK. */
@Command(name = "grpc-produce", mixinStandardHelpOptions = true,
        description = "Send fixed-size messages from several threads through one 5.x SDK Producer; print msgs/s, "
                + "MiB/s and send latency.")
public final class GrpcProduceCommand implements Callable<Integer> {

    @Mixin
    GrpcTargetOptions target;

    @Mixin
    LoadOptions load;

    @Mixin
    AlternationOptions alternation;

    @Override
    public Integer call() throws Exception {
        ProduceSettings settings = load.settings(target.target(), "");
        return alternation.run(settings, GrpcSender::open);
    }
}
