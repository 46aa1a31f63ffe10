package dev.wharf.compat.grpc.matrix;

import dev.wharf.compat.support.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The WARN lines in which the gateway names a client its listener refused: a plaintext client of a TLS-only
 * listener, or a TLS client of a plaintext-only one.
 */
final class RefusalLog {

    private static final Pattern PLAINTEXT_REFUSED =
            Pattern.compile("plaintext connection from /127\\.0\\.0\\.1:\\d+ refused: listener is TLS-only");
    private static final Pattern TLS_REFUSED =
            Pattern.compile("TLS connection from /127\\.0\\.0\\.1:\\d+ refused: listener is plaintext-only");

    private final Path log;

    RefusalLog(Path log) {
        this.log = log;
    }

    /** How many clients a listener in {@code mode} has refused so far, by the lines naming them. */
    long refusals(TlsMode mode) throws IOException {
        Pattern line = switch (mode) {
            case ENFORCING -> PLAINTEXT_REFUSED;
            case DISABLED -> TLS_REFUSED;
            case PERMISSIVE -> throw new IllegalArgumentException("a permissive listener refuses no client");
        };
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(text -> line.matcher(text).find()).count();
        }
    }
}
