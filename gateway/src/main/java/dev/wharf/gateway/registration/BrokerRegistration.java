package dev.wharf.gateway.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a broker registered with every NameServer of its cluster, as Apache RocketMQ's broker does: registers
 * at {@link #start}, again every interval (a NameServer drops a broker it has not heard from for 120 s) and at
 * once after a topic changed ({@link #topicsChanged()}, coalesced), and unregisters at {@link #close()}. A
 * NameServer that cannot be reached or refuses is logged once when it starts failing and once when it answers
 * again, counted in {@value #REGISTRATIONS}, and tried again at the next registration: it is never fatal.
 *
 * <pre>{@code
 * BrokerRegistration registration = BrokerRegistration.start(client, List.of("10.0.0.5:9876"),
 *         new RegistrationRequests("DefaultCluster", "broker-a", "10.0.0.7:8080"), broker.topics()::toJson,
 *         Duration.ofSeconds(30), meters);
 * broker.topics().addChangeListener(registration::topicsChanged);
 * ...
 * registration.close();   // UNREGISTER_BROKER to each NameServer
 * }</pre>
 */
public final class BrokerRegistration implements AutoCloseable {

    /** Counter of registrations sent, tagged {@code nameServer}, {@code request} (register, unregister) and {@code outcome}. */
    public static final String REGISTRATIONS = "wharf.nameserver.registrations";

    /** How long one NameServer may take to answer a registration. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(6);
    /** How long {@link #close()} waits for the NameServers' answers to UNREGISTER_BROKER. */
    static final Duration UNREGISTER_WAIT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);

    private final RemotingClient client;
    private final List<String> nameServers;
    private final RegistrationRequests requests;
    private final Supplier<ObjectNode> topics;
    private final MeterRegistry meters;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean registrationPending = new AtomicBoolean();
    /** Whether each NameServer's last registration succeeded, so each change of state is logged once. */
    private final Map<String, Boolean> lastSucceeded = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BrokerRegistration(RemotingClient client, List<String> nameServers, RegistrationRequests requests,
            Supplier<ObjectNode> topics, MeterRegistry meters) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("at least one NameServer address is needed to register with");
        }
        this.client = client;
        this.nameServers = List.copyOf(nameServers);
        this.requests = requests;
        this.topics = topics;
        this.meters = meters;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "wharf-registration");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Registers with each of {@code nameServers} now and every {@code interval} from now on, over
     * {@code client}, which stays open until after {@link #close()}.
     *
     * @param topics the broker's {@code TopicConfigSerializeWrapper} as it is at each registration
     */
    public static BrokerRegistration start(RemotingClient client, List<String> nameServers,
            RegistrationRequests requests, Supplier<ObjectNode> topics, Duration interval, MeterRegistry meters) {
        BrokerRegistration registration = new BrokerRegistration(client, nameServers, requests, topics, meters);
        registration.scheduler.scheduleAtFixedRate(
                registration::registerWithAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("broker {} of cluster {} registers as {} with NameServers {} every {} s", requests.brokerName(),
                requests.clusterName(), requests.brokerAddress(), nameServers, interval.toSeconds());
        return registration;
    }

    /**
     * Registers again soon, so routes show a created, changed or deleted topic without waiting for the next
     * interval. Never waits; changes that come in a burst are sent in one registration.
     */
    public void topicsChanged() {
        if (!closed.get() && registrationPending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                registrationPending.set(false);
                registerWithAll();
            });
        }
    }

    /** Stops registering, then sends UNREGISTER_BROKER to every NameServer and waits a little for the answers. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        RemotingCommand unregister = requests.unregister();
        CompletableFuture<?>[] answers = nameServers.stream()
                .map(nameServer -> send(nameServer, unregister))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(answers).get(UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // send() has logged each NameServer's failure; a stale route expires on its own within 120 s.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void registerWithAll() {
        RemotingCommand register;
        try {
            register = requests.register(topics.get());
        } catch (RuntimeException e) {
            log.error("the registration of broker {} could not be built; trying again at the next one",
                    requests.brokerName(), e);
            return;
        }
        nameServers.forEach(nameServer -> send(nameServer, register));
    }

    /** Sends one request; the future completes either way once the NameServer answered or could not. */
    private CompletableFuture<Void> send(String nameServer, RemotingCommand request) {
        String what = request.code() == RequestCode.REGISTER_BROKER ? "register" : "unregister";
        return client.invoke(nameServer, request, REQUEST_TIMEOUT).handle((response, failure) -> {
            String problem = failure != null ? describe(failure)
                    : response.code() != ResponseCode.SUCCESS ? "refused with code " + response.code() + ": "
                            + response.remark()
                    : null;
            count(nameServer, what, problem == null);
            if (what.equals("unregister")) {
                if (problem == null) {
                    log.info("broker {} unregistered from NameServer {}", requests.brokerName(), nameServer);
                } else {
                    log.warn("could not unregister broker {} from NameServer {}: {}; it drops the broker within "
                            + "120 s", requests.brokerName(), nameServer, problem);
                }
                return null;
            }
            Boolean succeededBefore = lastSucceeded.put(nameServer, problem == null);
            if (problem == null && !Boolean.TRUE.equals(succeededBefore)) {
                log.info("broker {} registered with NameServer {}", requests.brokerName(), nameServer);
            } else if (problem != null && !Boolean.FALSE.equals(succeededBefore)) {
                log.warn("could not register broker {} with NameServer {}: {}; trying again at each registration",
                        requests.brokerName(), nameServer, problem);
            }
            return null;
        });
    }

    private void count(String nameServer, String request, boolean success) {
        Counter.builder(REGISTRATIONS)
                .description("REGISTER_BROKER and UNREGISTER_BROKER requests sent to NameServers")
                .tag("nameServer", nameServer)
                .tag("request", request)
                .tag("outcome", success ? "success" : "error")
                .register(meters)
                .increment();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
