package dev.wharf.gateway.cli;

import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.local.LocalGateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code wharf.jar} entry point. Without a subcommand it runs the gateway until the process is
 * stopped; the subcommands administer a running gateway over Remoting, or ({@code tls}) write development
 * certificates.
 *
 * <pre>
 * java -jar wharf.jar [--config conf/gateway.yaml]
 * java -jar wharf.jar topic create orders --queues 8 --type FIFO [--address 127.0.0.1:8080]
 * java -jar wharf.jar listeners reload [--address 127.0.0.1:8080]
 * java -jar wharf.jar tls --dir conf/tls
 * </pre>
 */
@Command(
        name = "wharf",
        description = "Runs the Wharf gateway (Local mode: broker included), administers a running one, or writes "
                + "development TLS certificates.",
        subcommands = {TopicCommand.class, GroupCommand.class, ConsumerProgressCommand.class, ListenersCommand.class,
                TlsCommand.class})
public final class WharfCommand implements Callable<Integer> {

    /** The prefix of the line printed per bound listener, which scripts and tests look for. */
    public static final String LISTENING = "Wharf listening: ";

    /** Exit code of a configuration that cannot be used. */
    static final int BAD_CONFIG = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (see conf/gateway.yaml); without it every key takes its default.")
    Path config;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    /** Runs the gateway and returns only once a shutdown (SIGTERM, Ctrl-C) has closed it. */
    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig gatewayConfig = config == null ? GatewayConfig.defaults() : GatewayConfigReader.read(config);
        LocalGateway gateway = LocalGateway.start(gatewayConfig, Optional.ofNullable(config));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            closed.countDown();
        }, "wharf-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        gateway.listeners().forEach(listener -> out.println(LISTENING + listener.describe()));
        out.flush();
        closed.await();
        return 0;
    }

    /** The command line with Wharf's one-line error reporting; what {@link #main} runs, and tests too. */
    public static CommandLine commandLine() {
        return new CommandLine(new WharfCommand()).setExecutionExceptionHandler(WharfCommand::reportFailure);
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine().setExecutionStrategy(WharfCommand::quietAdminCommands);
        System.exit(cli.execute(args));
    }

    /**
     * An admin command's output is its answer; the client's connection logs would only clutter it. Set
     * before the first logger exists, so the bundled logback.xml picks it up.
     */
    private static int quietAdminCommands(ParseResult parsed) {
        if (parsed.subcommand() != null && System.getProperty("wharf.log.level") == null) {
            System.setProperty("wharf.log.level", "ERROR");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int reportFailure(Exception failure, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (failure instanceof ConfigException bad) {
            WharfCommand root = cli.getCommandSpec().root().commandLine().getCommand();
            err.println("wharf: invalid configuration" + (root.config == null ? "" : " in " + root.config) + ": "
                    + bad.getMessage());
            err.flush();
            return BAD_CONFIG;
        }
        err.println("wharf: " + Failures.describe(failure));
        err.flush();
        LoggerFactory.getLogger(WharfCommand.class).debug("command failed", failure);
        return CommandLine.ExitCode.SOFTWARE;
    }
}
