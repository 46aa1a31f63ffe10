package dev.wharf.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ResponseCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gateway as {@code java -jar wharf.jar} runs it: its own process, stopped by a signal. */
class GatewayProcessTest {

    private static final Pattern LISTENING = Pattern.compile("Wharf listening: remoting on (127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void printsTheBoundListenerAndFlushesOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                listeners:
                  - host: 127.0.0.1
                    port: 0
                store:
                  path: '%s'
                threads:
                  io: 1
                """.formatted(data));
        Process gateway = new ProcessBuilder(javaCommand("--config", config.toString()))
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        try {
            String address = awaitListeningLine(gateway);
            try (RemotingTestClient client = new RemotingTestClient(address)) {
                assertThat(client.send("signals", 0, "TagA", "before SIGTERM").code()).isEqualTo(ResponseCode.SUCCESS);
            }

            gateway.destroy();
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("gateway exited after SIGTERM").isTrue();
        } finally {
            gateway.destroyForcibly();
        }

        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("gateway stopped");
        try (TestGateway restarted = TestGateway.start(data);
                RemotingTestClient client = new RemotingTestClient(restarted.address())) {
            assertThat(RemotingTestClient.messages(client.pull("readers", "signals", 0, 0)))
                    .extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                    .containsExactly("before SIGTERM");
        }
    }

    @Test
    void aBadConfigurationStopsStartUpWithOneLineNamingTheKey() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "store:\n  flush: fast\n");
        StringWriter err = new StringWriter();
        CommandLine cli = WharfCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("--config", config.toString());

        assertThat(exitCode).isEqualTo(WharfCommand.BAD_CONFIG);
        assertThat(err.toString()).isEqualTo("wharf: invalid configuration in " + config
                + ": store.flush: must be one of async, sync; got 'fast'\n");
    }

    private static List<String> javaCommand(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(), "-cp", System.getProperty("java.class.path"), WharfCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Reads the gateway's stdout until it names its Remoting listener; answers that address. */
    private static String awaitListeningLine(Process gateway) throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.matches()) {
                        return matcher.group(1);
                    }
                }
                throw new IllegalStateException("the gateway exited without printing its listener");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return address.get(60, TimeUnit.SECONDS);
    }
}
