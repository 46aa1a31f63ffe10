package dev.wharf.gateway.cli;

import dev.wharf.gateway.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Where an admin command finds the running gateway, shared by every admin command. */
final class AdminOptions {

    @Option(names = "--address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "The gateway's Remoting listener (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the gateway's answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Reads {@code 500ms}, {@code 10s}… as the configuration file does. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Units.parseDuration(value);
        }
    }
}
