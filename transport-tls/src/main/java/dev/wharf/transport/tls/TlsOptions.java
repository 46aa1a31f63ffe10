package dev.wharf.transport.tls;

import dev.wharf.transport.spi.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * TLS on a listener, read from a {@link ServerConfig}'s {@code tls.*} options. Without a certificate a
 * development one is generated at start-up ({@link DevelopmentCertificate}).
 *
 * <p>The options: {@value #MODE} ({@code disabled}, {@code permissive} or {@code enforcing});
 * {@value #CERT_PATH}, {@value #KEY_PATH}, {@value #KEY_PASSWORD} (the default certificate);
 * {@value #CLIENT_AUTH} ({@code none}, {@code optional} or {@code require}: mutual TLS) with
 * {@value #CA_PATH} (the PEM bundle of CAs that sign client certificates); per-host certificates picked by
 * the name a client asks for (SNI), {@code tls.sni.<host>.certPath}, {@code .keyPath} and
 * {@code .keyPassword}, where {@code <host>} is a DNS name or {@code *.} and a domain (one label of
 * wildcard); {@value #RELOAD_INTERVAL}, how often the files are checked for changes (ISO-8601 or
 * milliseconds, default 5 s, zero never); and {@value #PROVIDER} ({@code auto}, {@code openssl} or {@code jdk}:
 * {@link TlsProvider}). Any other {@code tls.*} option is an error.
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.from(ServerConfig.of("0.0.0.0", 8081)
 *         .withOption(TlsOptions.MODE, "enforcing")
 *         .withOption(TlsOptions.CERT_PATH, "/etc/wharf/server.crt")
 *         .withOption(TlsOptions.KEY_PATH, "/etc/wharf/server.key")
 *         .withOption(TlsOptions.CLIENT_AUTH, "require")
 *         .withOption(TlsOptions.CA_PATH, "/etc/wharf/clients-ca.crt")
 *         .withOption("tls.sni.api.example.com.certPath", "/etc/wharf/api.crt")
 *         .withOption("tls.sni.api.example.com.keyPath", "/etc/wharf/api.key"));
 * }</pre>
 *
 * @param mode which connections the port accepts; {@link TlsMode#PERMISSIVE} unless set
 * @param certificate the default certificate; empty for a development one
 * @param clientAuth whether clients are asked for a certificate: {@link ClientAuth#NONE} unless set
 * @param caPath the CAs that sign client certificates; required when clients are asked for one
 * @param sni certificates by the host name clients ask for, lower case; the default one serves other names
 * @param reloadInterval how often the files are checked for changes; zero never
 * @param provider which TLS implementation serves handshakes; {@link TlsProvider#AUTO} unless set
 */
public record TlsOptions(
        TlsMode mode,
        Optional<KeyFiles> certificate,
        ClientAuth clientAuth,
        Optional<Path> caPath,
        SortedMap<String, KeyFiles> sni,
        Duration reloadInterval,
        TlsProvider provider) {

    /** What every option's name starts with. */
    public static final String PREFIX = "tls.";
    public static final String MODE = "tls.mode";
    public static final String CERT_PATH = "tls.certPath";
    public static final String KEY_PATH = "tls.keyPath";
    public static final String KEY_PASSWORD = "tls.keyPassword";
    public static final String CLIENT_AUTH = "tls.clientAuth";
    public static final String CA_PATH = "tls.caPath";
    public static final String RELOAD_INTERVAL = "tls.reloadInterval";
    public static final String PROVIDER = "tls.provider";
    /** Per-host options are {@code tls.sni.<host>.certPath}, {@code .keyPath} and {@code .keyPassword}. */
    public static final String SNI_PREFIX = "tls.sni.";
    /** How often certificate files are checked for changes unless told otherwise. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    /** Whether a listener's options ask for TLS at all: any {@code tls.*} option does, a mode or a certificate. */
    public static boolean configured(ServerConfig config) {
        return config.options().keySet().stream().anyMatch(name -> name.startsWith(PREFIX));
    }

    private static final Set<String> SINGLE_OPTIONS =
            Set.of(MODE, CERT_PATH, KEY_PATH, KEY_PASSWORD, CLIENT_AUTH, CA_PATH, RELOAD_INTERVAL, PROVIDER);
    private static final List<String> KEY_FILE_OPTIONS =
            List.of(KeyFiles.CERT_PATH, KeyFiles.KEY_PATH, KeyFiles.KEY_PASSWORD);
    /** A DNS name, or {@code *.} and one; lower case. */
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /** @throws IllegalArgumentException when the options contradict each other, naming them */
    public TlsOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(caPath, "caPath");
        sni = Collections.unmodifiableSortedMap(new TreeMap<>(sni));
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(provider, "provider");
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException(RELOAD_INTERVAL + " must not be negative, got " + reloadInterval);
        }
        if (mode == TlsMode.DISABLED) {
            String unused = certificate.isPresent() ? CERT_PATH
                    : clientAuth != ClientAuth.NONE ? CLIENT_AUTH
                    : caPath.isPresent() ? CA_PATH
                    : sni.isEmpty() ? null : SNI_PREFIX + sni.firstKey() + "." + KeyFiles.CERT_PATH;
            if (unused != null) {
                throw new IllegalArgumentException(unused + " has no use when " + MODE + " is disabled");
            }
        }
        if (clientAuth != ClientAuth.NONE && caPath.isEmpty()) {
            throw new IllegalArgumentException(CLIENT_AUTH + " " + name(clientAuth) + " needs " + CA_PATH
                    + ", the CAs that sign client certificates");
        }
        if (clientAuth == ClientAuth.NONE && caPath.isPresent()) {
            throw new IllegalArgumentException(CA_PATH + " has no use unless " + CLIENT_AUTH + " is optional or require");
        }
    }

    /** TLS and plaintext on one port, with a development certificate. */
    public static TlsOptions permissive() {
        return of(TlsMode.PERMISSIVE);
    }

    /** {@code mode} with a development certificate and nothing else. */
    public static TlsOptions of(TlsMode mode) {
        return new TlsOptions(mode, Optional.empty(), ClientAuth.NONE, Optional.empty(), new TreeMap<>(),
                DEFAULT_RELOAD_INTERVAL, TlsProvider.AUTO);
    }

    /**
     * The {@code tls.*} options of {@code config}; a blank option counts as absent.
     *
     * @throws IllegalArgumentException on an unknown option, a bad value or a contradiction, naming the option
     */
    public static TlsOptions from(ServerConfig config) {
        Map<String, String> options = config.options();
        rejectUnknown(options);
        TlsMode mode;
        try {
            mode = text(options, MODE).map(TlsMode::parse).orElse(TlsMode.PERMISSIVE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + ": " + e.getMessage(), e);
        }
        return new TlsOptions(mode, keyFiles(options, PREFIX, false), clientAuth(options), path(options, CA_PATH),
                sni(options), reloadInterval(options), provider(options));
    }

    /** These options served by {@code provider} instead. */
    public TlsOptions withProvider(TlsProvider provider) {
        return new TlsOptions(mode, certificate, clientAuth, caPath, sni, reloadInterval, provider);
    }

    /** Whether {@code host} may name an SNI certificate: a lower-case DNS name, or {@code *.} and one. */
    public static boolean isSniHost(String host) {
        return HOST.matcher(host).matches();
    }

    /** Whether a certificate is configured; otherwise a development one is served. */
    public boolean hasCertificate() {
        return certificate.isPresent();
    }

    /** The lower-case name of a client-auth setting, as options write it. */
    static String name(ClientAuth clientAuth) {
        return clientAuth.name().toLowerCase(Locale.ROOT);
    }

    private static void rejectUnknown(Map<String, String> options) {
        for (String name : options.keySet()) {
            if (name.startsWith(PREFIX) && !SINGLE_OPTIONS.contains(name) && !isSniOption(name)) {
                throw new IllegalArgumentException(name + ": unknown TLS option; known: "
                        + String.join(", ", new TreeSet<>(SINGLE_OPTIONS))
                        + " and tls.sni.<host>.certPath/keyPath/keyPassword");
            }
        }
    }

    private static boolean isSniOption(String name) {
        return name.startsWith(SNI_PREFIX) && KEY_FILE_OPTIONS.stream()
                .anyMatch(suffix -> name.endsWith("." + suffix) && name.length() > SNI_PREFIX.length() + suffix.length() + 1);
    }

    private static SortedMap<String, KeyFiles> sni(Map<String, String> options) {
        Set<String> hosts = new HashSet<>();
        for (String name : options.keySet()) {
            if (name.startsWith(SNI_PREFIX)) {
                hosts.add(name.substring(SNI_PREFIX.length(), name.lastIndexOf('.')));
            }
        }
        SortedMap<String, KeyFiles> byHost = new TreeMap<>();
        for (String host : hosts) {
            String prefix = SNI_PREFIX + host + ".";
            if (!isSniHost(host)) {
                throw new IllegalArgumentException(prefix + KeyFiles.CERT_PATH + ": '" + host + "' is not a lower-case "
                        + "host name such as api.example.com or *.example.com");
            }
            keyFiles(options, prefix, true).ifPresent(files -> byHost.put(host, files));
        }
        return byHost;
    }

    /** The certificate options under {@code prefix}; all or none, unless {@code required}. */
    private static Optional<KeyFiles> keyFiles(Map<String, String> options, String prefix, boolean required) {
        Optional<Path> cert = path(options, prefix + KeyFiles.CERT_PATH);
        Optional<Path> key = path(options, prefix + KeyFiles.KEY_PATH);
        Optional<String> password = text(options, prefix + KeyFiles.KEY_PASSWORD);
        if (cert.isPresent() != key.isPresent() || required && cert.isEmpty()) {
            throw new IllegalArgumentException(cert.isPresent()
                    ? prefix + KeyFiles.KEY_PATH + " must be set with " + prefix + KeyFiles.CERT_PATH
                    : prefix + KeyFiles.CERT_PATH + " must be set with " + prefix + KeyFiles.KEY_PATH);
        }
        if (password.isPresent() && key.isEmpty()) {
            throw new IllegalArgumentException(prefix + KeyFiles.KEY_PASSWORD + " is set without " + prefix + KeyFiles.KEY_PATH);
        }
        return cert.map(certPath -> new KeyFiles(prefix, certPath, key.orElseThrow(), password));
    }

    private static ClientAuth clientAuth(Map<String, String> options) {
        return text(options, CLIENT_AUTH).map(value -> Arrays.stream(ClientAuth.values())
                        .filter(choice -> name(choice).equalsIgnoreCase(value.trim()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(CLIENT_AUTH + ": must be one of "
                                + Arrays.stream(ClientAuth.values()).map(TlsOptions::name).collect(Collectors.joining(", "))
                                + "; got '" + value + "'")))
                .orElse(ClientAuth.NONE);
    }

    private static TlsProvider provider(Map<String, String> options) {
        try {
            return text(options, PROVIDER).map(TlsProvider::parse).orElse(TlsProvider.AUTO);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROVIDER + ": " + e.getMessage(), e);
        }
    }

    private static Duration reloadInterval(Map<String, String> options) {
        return text(options, RELOAD_INTERVAL).map(value -> {
            String trimmed = value.trim();
            try {
                return trimmed.startsWith("P") || trimmed.startsWith("p")
                        ? Duration.parse(trimmed)
                        : Duration.ofMillis(Long.parseLong(trimmed));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException(RELOAD_INTERVAL + ": not a duration (PT5S or milliseconds): " + value, e);
            }
        }).orElse(DEFAULT_RELOAD_INTERVAL);
    }

    /** Every file the options name, for the watcher that reloads them. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        certificate.ifPresent(pair -> files.addAll(pair.files()));
        caPath.ifPresent(files::add);
        sni.values().forEach(pair -> files.addAll(pair.files()));
        return files;
    }

    private static Optional<String> text(Map<String, String> options, String name) {
        return Optional.ofNullable(options.get(name)).filter(value -> !value.isBlank());
    }

    private static Optional<Path> path(Map<String, String> options, String name) {
        return text(options, name).map(value -> {
            try {
                return Path.of(value.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(name + ": not a file path (" + e.getReason() + "): " + value, e);
            }
        });
    }
}
