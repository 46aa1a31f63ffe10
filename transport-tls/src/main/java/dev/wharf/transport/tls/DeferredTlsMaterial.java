package dev.wharf.transport.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's TLS material, checked when the listener is made and built when its first TLS client arrives.
 * A listener that serves TLS only in case (gRPC's are permissive by default) should not pay for it before then:
 * the development certificate's key generation and signature, netty-tcnative's OpenSSL, the context and their
 * classes take some 10 MiB of memory. So the line is drawn here:
 * <ul>
 *   <li>at once: the options, and every configured file read and checked ({@link ConfiguredKeys}: PEM, key
 *       password, key-matches-certificate), so that a file that cannot be used still fails the start naming it;
 *       with {@code tls.provider: openssl}, whether OpenSSL loads here, as asked;</li>
 *   <li>on the first TLS client: a development certificate, the TLS implementation (OpenSSL or the JDK's) and
 *       the {@link ServerTlsMaterial} with its context, once, on a thread of its own off the event loops.</li>
 * </ul>
 * A build that fails fails the connections waiting for it, and the next TLS client tries again. Files that change
 * before the build are read again ({@link #reload}) and the build serves them.
 */
final class DeferredTlsMaterial {

    /** The name of the thread a build runs on. */
    static final String BUILD_THREAD = "tls-start";

    private static final Logger log = LoggerFactory.getLogger(DeferredTlsMaterial.class);

    private final TlsOptions options;
    private final List<String> alpn;
    private final Clock clock;
    private final Executor builder;
    /** Guards {@link #read} and the swap of {@link #built}, so a reload is never lost to a build under way. */
    private final Object files = new Object();
    private ConfiguredKeys read;
    private volatile ServerTlsMaterial built;
    /** Null before the first TLS client and after a build failed; else the build under way or done. */
    private volatile CompletableFuture<ServerTlsMaterial> building;

    /**
     * @param builder where the build runs, off the event loops
     * @throws IllegalArgumentException when a configured file cannot be used, or OpenSSL is asked for and cannot
     *     serve, naming the option and the problem
     */
    DeferredTlsMaterial(TlsOptions options, List<String> alpn, Clock clock, Executor builder) {
        this.options = Objects.requireNonNull(options, "options");
        this.alpn = List.copyOf(alpn);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.read = ConfiguredKeys.read(options, clock);
        if (options.provider() == TlsProvider.OPENSSL) {
            // Asked for by name: whether it loads here and takes the keys is worth its cost at start, where a
            // failure is seen. A development certificate's EC key it takes.
            options.provider().select(read.algorithms());
        }
    }

    /** Runs a build on a daemon thread of its own named {@value #BUILD_THREAD}. */
    static void startThread(Runnable build) {
        Thread thread = new Thread(build, BUILD_THREAD);
        thread.setDaemon(true);
        thread.start();
    }

    /** The material, built by the first call (off the event loops); fails when it cannot be built. */
    CompletableFuture<ServerTlsMaterial> built() {
        CompletableFuture<ServerTlsMaterial> current = building;
        if (current != null) {
            return current;
        }
        CompletableFuture<ServerTlsMaterial> attempt;
        synchronized (this) {
            if (building != null) {
                return building;
            }
            attempt = new CompletableFuture<>();
            building = attempt;
        }
        try {
            builder.execute(() -> build(attempt));
        } catch (RejectedExecutionException e) {
            failed(attempt, e);
        }
        return attempt;
    }

    /** The material if a TLS client had it built. */
    Optional<ServerTlsMaterial> ifBuilt() {
        return Optional.ofNullable(built);
    }

    /** The files whose change calls for a {@link #reload()}; empty with a development certificate alone. */
    List<Path> files() {
        return options.files();
    }

    /**
     * Reads every file again and serves what they hold from the next handshake on (or from the build, before
     * one). All or nothing: when one file cannot be used nothing changes.
     *
     * @throws IllegalArgumentException naming the option and the file that cannot be used
     */
    void reload() {
        ConfiguredKeys now = ConfiguredKeys.read(options, clock);
        synchronized (files) {
            if (built != null) {
                built.use(now);
            }
            read = now;
        }
    }

    private void build(CompletableFuture<ServerTlsMaterial> attempt) {
        long start = System.nanoTime();
        ServerTlsMaterial material;
        try {
            synchronized (files) {
                material = new ServerTlsMaterial(options, alpn, read, clock);
                built = material;
            }
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a native library (netty-tcnative) that fails to load.
            failed(attempt, e);
            return;
        }
        log.info("TLS set up on its first TLS connection in {} ms", (System.nanoTime() - start) / 1_000_000);
        attempt.complete(material);
    }

    /** Forgets a failed build first, so that the connections it fails may try again. */
    private void failed(CompletableFuture<ServerTlsMaterial> attempt, Throwable failure) {
        synchronized (this) {
            if (building == attempt) {
                building = null;
            }
        }
        attempt.completeExceptionally(failure);
    }
}
