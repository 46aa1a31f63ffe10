package dev.wharf.gateway.cli;

import dev.wharf.transport.tls.CertifiedKey;
import dev.wharf.transport.tls.DevelopmentAuthority;
import dev.wharf.transport.tls.DevelopmentCertificate;
import dev.wharf.transport.tls.PemFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wharf tls}: writes a development CA, a server certificate signed by it and a client certificate
 * for mutual TLS, with their PKCS#8 keys, then prints the listener YAML that serves them TLS-only with
 * client certificates required.
 */
@Command(name = "tls", description = {
        "Write a development CA, a server certificate and a client certificate (EC P-256, PEM, PKCS#8 keys)",
        "into a directory, and print the gateway.yaml listeners that use them: TLS only, client certificates",
        "required. For development and tests; production certificates come from your own CA."})
final class TlsCommand implements Callable<Integer> {

    /** The files written, in the order they are listed. */
    static final List<String> FILES = List.of("ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "tls",
            description = "Directory to write into, made if missing (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--san", paramLabel = "NAME", split = ",",
            description = "Host name or IP address the server certificate is for; repeat or separate with commas "
                    + "(default: localhost, 127.0.0.1, ::1).")
    List<String> serverNames = DevelopmentCertificate.DEFAULT_NAMES;

    @Option(names = "--client", paramLabel = "NAME", defaultValue = "wharf-client",
            description = "Common name of the client certificate, the identity processors see (default: ${DEFAULT-VALUE}).")
    String clientName;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Days the certificates are valid (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace files that already exist.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (days <= 0) {
            throw new IllegalArgumentException("--days must be positive, got " + days);
        }
        Files.createDirectories(dir);
        Path directory = dir.toAbsolutePath().normalize();
        if (!force) {
            for (String name : FILES) {
                if (Files.exists(directory.resolve(name))) {
                    throw new IllegalArgumentException(directory.resolve(name) + " exists; use --force to replace it");
                }
            }
        }
        Instant now = Instant.now();
        Duration validity = Duration.ofDays(days);
        DevelopmentAuthority ca = DevelopmentAuthority.create("CN=Wharf development CA", now, validity);
        CertifiedKey server = ca.issueServer("CN=" + serverNames.get(0), serverNames, now, validity);
        CertifiedKey client = ca.issueClient("CN=" + clientName, List.of(), now, validity);
        write(directory, "ca", ca.certificate());
        write(directory, "server", server);
        write(directory, "client", client);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s to %s%n", String.join(", ", FILES), directory);
        out.printf("Server certificate for %s; client certificate CN=%s; valid %d days.%n",
                String.join(", ", serverNames), clientName, days);
        out.println("Clients trust ca.crt and show client.crt with client.key. For gateway.yaml:");
        out.println();
        out.print(listenersYaml(directory));
        out.flush();
        return 0;
    }

    /** The Remoting and gRPC listeners, TLS only, client certificates required, using the files in {@code directory}. */
    static String listenersYaml(Path directory) {
        String tls = """
                    tls:
                      mode: enforcing
                      certPath: %s
                      keyPath: %s
                      clientAuth: require
                      caPath: %s
                """.formatted(quoted(directory.resolve("server.crt")), quoted(directory.resolve("server.key")),
                quoted(directory.resolve("ca.crt")));
        return "listeners:\n"
                + "  - name: remoting\n    port: 8080\n    protocols: [remoting]\n" + tls
                + "  - name: grpc\n    port: 8081\n    protocols: [grpc]\n" + tls;
    }

    private static void write(Path directory, String name, CertifiedKey key) throws IOException {
        PemFiles.writeCertificates(directory.resolve(name + ".crt"), key.chain());
        PemFiles.writePrivateKey(directory.resolve(name + ".key"), key.privateKey());
    }

    /** A YAML double-quoted string, so that any path reads back as written. */
    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
