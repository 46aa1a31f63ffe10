package dev.wharf.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.local.BoundListener;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.gateway.testing.RawRemotingSocket;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A gateway started from a file follows the file's listener changes; {@code wharf listeners reload} asks it to. */
class ListenersReloadCommandTest {

    private static final String REMOTING = "  - {name: remoting, host: 127.0.0.1, port: 0, protocols: [remoting]}\n";
    private static final String EXTRA = "  - {name: extra, host: 127.0.0.1, port: 0, protocols: [remoting]}\n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path file;
    private LocalGateway gateway;

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("gateway.yaml");
        write(REMOTING);
        gateway = LocalGateway.start(GatewayConfigReader.read(file), Optional.of(file));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aChangedFileIsAppliedWhileConnectionsToUnchangedListenersStayOpen() throws IOException {
        try (RawRemotingSocket connected = new RawRemotingSocket(gateway.listeners().get(0).port())) {
            write(REMOTING + EXTRA);

            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.listeners().size() == 2);
            assertThat(gateway.listeners()).extracting(BoundListener::name).containsExactly("remoting", "extra");
            assertThat(connected.call(RequestCode.GET_BROKER_CLUSTER_INFO)).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void theAdminCommandReloadsTheFileAndPrintsWhatChanged() throws IOException {
        assertThat(reload()).isZero();
        assertThat(out.toString()).isEqualTo(
                "Reloaded listeners: added []; removed []; changed []; unchanged [remoting]\n");
    }

    @Test
    void theAdminCommandReportsAFileTheGatewayRefusesAndNothingChanges() throws IOException {
        write(REMOTING + "  - {name: extra, port: 0, protocols: [nope]}\n");

        assertThat(reload()).isNotZero();

        assertThat(err.toString()).contains("listeners not reloaded: listeners[1].protocols: no transport on the class "
                + "path or in the plugin folder serves 'nope'");
        assertThat(gateway.listeners()).extracting(BoundListener::name).containsExactly("remoting");
    }

    private int reload() {
        CommandLine cli = WharfCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("listeners", "reload", "--address", "127.0.0.1:" + gateway.listeners().get(0).port());
    }

    private void write(String listeners) throws IOException {
        Files.writeString(file, "listeners:\n" + listeners
                + "store:\n  path: " + dir.resolve("data") + "\n  segmentSize: 1MiB\n"
                + "plugins:\n  path: " + dir.resolve("plugins") + "\n"
                + "threads: {io: 1, send: 2, pull: 2, ack: 1, client: 2, admin: 1, queueCapacity: 1000}\n");
    }
}
