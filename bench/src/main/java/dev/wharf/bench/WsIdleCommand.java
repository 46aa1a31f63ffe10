package dev.wharf.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ws-idle}: opens many WebSocket connections that then say nothing, holds them, and closes them. The
 * script around it measures the gateway's heap while they are held; this command prints a line when all are
 * open ({@code HOLDING n}) so the script knows when to measure.
 */
@Command(name = "ws-idle", mixinStandardHelpOptions = true,
        description = "Open N idle WebSocket connections, print HOLDING when all are open, hold them, close them.")
public final class WsIdleCommand implements Callable<Integer> {

    @Option(names = "--address", required = true, description = "Wharf's WebSocket listener, host:port.")
    String address;

    @Option(names = "--connections", defaultValue = "10000", description = "Connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to hold them once open (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--concurrency", defaultValue = "200", description = "Handshakes at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        Watchdog.haltAfter(hold.plusMinutes(5));
        HttpClient http = HttpClient.newHttpClient();
        List<WsClient> open = new ArrayList<>(connections);
        long start = System.nanoTime();
        for (int done = 0; done < connections; done += concurrency) {
            List<CompletableFuture<WsClient>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(connections, done + concurrency); i++) {
                batch.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return WsClient.connect(http, address, text -> { });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<WsClient> client : batch) {
                open.add(client.get(30, TimeUnit.SECONDS));
            }
        }
        System.out.printf("HOLDING %d connections, opened in %d ms%n", open.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.flush();
        Thread.sleep(hold.toMillis());
        open.forEach(WsClient::close);
        System.out.println(new JsonLine().put("command", "ws-idle").put("connections", open.size()));
        return 0;
    }
}
