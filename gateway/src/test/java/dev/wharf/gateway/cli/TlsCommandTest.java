package dev.wharf.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.gateway.config.GatewayConfig;
import dev.wharf.gateway.config.GatewayConfigReader;
import dev.wharf.gateway.local.LocalGateway;
import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.transport.remoting.NettyRemotingClient;
import dev.wharf.transport.spi.ClientOptions;
import dev.wharf.transport.spi.ClientTlsOptions;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wharf tls}: files a TLS-only, mutual-TLS gateway starts with and clients connect with. */
class TlsCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void writesCertificatesAGatewayServesTlsOnlyWithClientCertificatesRequired() throws Exception {
        Path tls = dir.resolve("tls");
        assertThat(run("tls", "--dir", tls.toString(), "--client", "orders-service")).isZero();

        assertThat(TlsCommand.FILES).allSatisfy(name -> assertThat(tls.resolve(name)).isRegularFile());
        String printed = out.toString();
        assertThat(printed).contains("Wrote ca.crt, ca.key, server.crt, server.key, client.crt, client.key to "
                + tls.toAbsolutePath());
        String yaml = printed.substring(printed.indexOf("listeners:"))
                .replace("    port: 8080\n", "    host: 127.0.0.1\n    port: 0\n")
                .replace("    port: 8081\n", "    host: 127.0.0.1\n    port: 0\n")
                + "store:\n  path: \"" + dir.resolve("data") + "\"\n";
        GatewayConfig config = GatewayConfigReader.parse(yaml);

        try (LocalGateway gateway = LocalGateway.start(config);
                TransportContext context = TransportContext.builder().ioThreads(1).build()) {
            String address = gateway.listeners().get(0).address();
            ClientTlsOptions trusting = ClientTlsOptions.trusting(tls.resolve("ca.crt"));

            RemotingCommand topics = listTopics(context, address, Optional.of(trusting.withClientCertificate(
                    tls.resolve("client.crt"), tls.resolve("client.key"), Optional.empty())));
            assertThat(topics.code()).isEqualTo(ResponseCode.SUCCESS);

            assertThatThrownBy(() -> listTopics(context, address, Optional.of(trusting)))
                    .as("no client certificate").isNotNull();
            assertThatThrownBy(() -> listTopics(context, address, Optional.empty()))
                    .as("plaintext").isNotNull();
        }
    }

    @Test
    void refusesToOverwriteFilesUnlessForced() throws Exception {
        assertThat(run("tls", "--dir", dir.toString(), "--san", "broker.example.com,10.0.0.7")).isZero();
        byte[] firstCa = Files.readAllBytes(dir.resolve("ca.crt"));

        assertThat(run("tls", "--dir", dir.toString())).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(err.toString()).isEqualTo("wharf: " + dir.toAbsolutePath().resolve("ca.crt")
                + " exists; use --force to replace it\n");
        assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(firstCa);

        assertThat(run("tls", "--dir", dir.toString(), "--force")).isZero();
        assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isNotEqualTo(firstCa);
    }

    private static RemotingCommand listTopics(TransportContext context, String address, Optional<ClientTlsOptions> tls)
            throws Exception {
        ClientOptions options = ClientOptions.defaults().withConnectTimeout(WAIT);
        try (NettyRemotingClient client = new NettyRemotingClient(context, tls.map(options::withTls).orElse(options))) {
            return client.invoke(address, AdminRequests.listTopics(), WAIT).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = WharfCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
