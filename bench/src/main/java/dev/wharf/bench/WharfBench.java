package dev.wharf.bench;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load tool's entry point: {@code java -jar wharf-bench.jar produce|consume|timer|grpc-produce|grpc-consume|
 * http-produce|ws-latency|ws-idle|connect …}. Each run prints
 * human-readable lines and, last, one JSON line for scripts.
 */
@Command(name = "wharf-bench", mixinStandardHelpOptions = true, version = "wharf-bench 0.1.0",
        subcommands = {ProduceCommand.class, ConsumeCommand.class, TimerCommand.class, GrpcProduceCommand.class,
            GrpcConsumeCommand.class, HttpProduceCommand.class, WsLatencyCommand.class, WsIdleCommand.class,
            ConnectCommand.class},
        description = "Load any RocketMQ Remoting endpoint with the official Apache RocketMQ client, any gRPC "
                + "endpoint with the official 5.x SDK, and Wharf's HTTP and WebSocket APIs with the JDK's clients.")
public final class WharfBench {

    private WharfBench() {}

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(WharfBench.class)
                .registerConverter(Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true);
        // The client's threads are not daemons: exit explicitly once the report is printed.
        System.exit(cli.execute(args));
    }
}
