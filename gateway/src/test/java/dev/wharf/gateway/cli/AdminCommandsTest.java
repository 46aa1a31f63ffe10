package dev.wharf.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.gateway.testing.RemotingTestClient;
import dev.wharf.gateway.testing.TestGateway;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin subcommands of wharf.jar against a running in-process gateway. */
class AdminCommandsTest {

    @TempDir
    static Path dataDir;

    private static TestGateway gateway;
    private static RemotingTestClient client;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startGateway() {
        gateway = TestGateway.start(dataDir);
        client = new RemotingTestClient(gateway.address());
    }

    @AfterAll
    static void stopGateway() {
        client.close();
        gateway.close();
    }

    @Test
    void topicCreateListAndDelete() throws IOException {
        assertThat(run("topic", "create", "payments", "--queues", "8", "--type", "FIFO")).isZero();
        assertThat(out.toString()).isEqualTo("Created topic payments: 8 queues, FIFO messages\n");
        JsonNode queues = new ObjectMapper().readTree(client.route("payments").body()).path("queueDatas").path(0);
        assertThat(queues.path("writeQueueNums").asInt()).isEqualTo(8);

        assertThat(run("topic", "list")).isZero();
        assertThat(out.toString().lines()).contains("payments");

        assertThat(run("topic", "delete", "payments")).isZero();
        assertThat(out.toString()).isEqualTo("Deleted topic payments\n");
        assertThat(client.route("payments").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(run("topic", "list")).isZero();
        assertThat(out.toString().lines()).doesNotContain("payments");
    }

    @Test
    void groupCreateListAndDelete() {
        assertThat(run("group", "create", "billing", "--max-retries", "5")).isZero();
        assertThat(out.toString()).isEqualTo("Created group billing\n");

        assertThat(run("group", "create", "ledger", "--fifo")).isZero();

        assertThat(run("group", "list")).isZero();
        assertThat(out.toString().lines()).anySatisfy(line -> assertThat(line.split("\\s+"))
                .containsExactly("billing", "5", "concurrent"));
        assertThat(out.toString().lines()).anySatisfy(line -> assertThat(line.split("\\s+"))
                .containsExactly("ledger", "16", "FIFO"));

        assertThat(run("group", "delete", "billing")).isZero();
        assertThat(run("group", "list")).isZero();
        assertThat(out.toString().lines()).noneMatch(line -> line.startsWith("billing "));
    }

    @Test
    void consumerProgressShowsOffsetsAndLagPerQueue() {
        assertThat(run("topic", "create", "invoices", "--queues", "1")).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(client.send("invoices", 0, "TagA", "invoice " + i).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        assertThat(client.commitOffset("accounting", "invoices", 0, 1).code()).isEqualTo(ResponseCode.SUCCESS);

        assertThat(run("consumer-progress", "accounting")).isZero();

        assertThat(out.toString().lines().map(line -> List.of(line.trim().split("\\s+"))))
                .contains(List.of("invoices", "0", "3", "1", "2"), List.of("Total", "lag:", "2"));
    }

    @Test
    void anUnreachableGatewayIsOneLineAndAFailingExitCode() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exitCode = runAt("127.0.0.1:" + closedPort, "topic", "list");

        assertThat(exitCode).isNotZero();
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("wharf: cannot list topics: no gateway reachable at 127.0.0.1:" + closedPort);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anErrorAnswerIsOneLineNamingTheCode() {
        int exitCode = run("topic", "create", "no spaces allowed");

        assertThat(exitCode).isNotZero();
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("wharf: cannot create topic no spaces allowed: the gateway answered ");
    }

    private int run(String... args) {
        return runAt(gateway.address(), args);
    }

    private int runAt(String address, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> withAddress = new ArrayList<>(List.of(args));
        withAddress.addAll(List.of("--address", address));
        CommandLine cli = WharfCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(withAddress.toArray(String[]::new));
    }
}
