package dev.wharf.transport.tck;

import static dev.wharf.transport.tck.Outcomes.failure;
import static dev.wharf.transport.tck.Outcomes.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tls.TrustingAnyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance cases every Wharf transport passes, built-in or plugin. A transport's tests extend this
 * class with its provider and a {@link TckClient} for its protocol; each case starts the transport through
 * the SPI in front of a real broker ({@link TckGateway}) and proves one claim over the wire:
 *
 * <ul>
 *   <li>a published message, body and properties, reaches a subscriber under the id its publish answered;</li>
 *   <li>many concurrent requests on one connection each get their own answer;</li>
 *   <li>the server pushes several messages to a subscription, in order (when {@link TckClaims#serverPush()});</li>
 *   <li>a large body arrives intact;</li>
 *   <li>malformed input gets an error answer or a close, and the server serves the next connection;</li>
 *   <li>TLS handshakes and round trips, and plaintext is refused (when the provider serves TLS);</li>
 *   <li>a shutdown with requests in flight answers or fails every one, and the port closes;</li>
 *   <li>a full request pool answers busy in the protocol's terms, and the server recovers (when
 *       {@link TckClaims#busyOptions()} name the pool's options).</li>
 * </ul>
 *
 * <pre>{@code
 * class MqttConformanceTest extends TransportConformanceSuite {
 *     @Override
 *     protected TransportProvider provider() {
 *         return new MqttTransportProvider();
 *     }
 *
 *     @Override
 *     protected TckClient newClient() {
 *         return new PahoTckClient();
 *     }
 * }
 * }</pre>
 *
 * Cases that do not apply are skipped with the reason; checks a protocol cannot express (message ids, user
 * properties: {@link TckClaims}) are left out of the cases that make them. Every wait is bounded; nothing sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportConformanceSuite {

    private static final Logger log = LoggerFactory.getLogger(TransportConformanceSuite.class);

    /** How long one request, or a handful of them, may take before the case fails. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(20);
    /** How long a delivery may take to reach a subscriber. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(20);
    private static final int CONCURRENT_REQUESTS = 32;
    private static final int SHUTDOWN_CHAINS = 8;
    private static final int PUSHED_MESSAGES = 10;
    private static final int FLOOD_CONNECTIONS = 4;
    private static final int FLOOD_BODY_BYTES = 256 << 10;
    private static final String GROUP_SUFFIX = "-group";

    /** Holds each gateway's store in a folder of its own; the one of the class's lifetime. */
    private Path dataDirs;
    private TckClient client;
    private TckClaims claims;
    private TckGateway gateway;

    /** The transport under test, registered as a {@code TransportProvider} service. */
    protected abstract TransportProvider provider();

    /** A client for the transport's protocol; the suite closes it. */
    protected abstract TckClient newClient();

    /** Options every listener of the transport gets (a token, a smaller limit…); none by default. */
    protected Map<String, String> listenerOptions() {
        return Map.of();
    }

    @BeforeAll
    void startGatewayAndClient(@TempDir Path dataDirs) {
        this.dataDirs = dataDirs;
        client = newClient();
        claims = client.claims();
        gateway = TckGateway.start(provider(), listenerOptions(), false, dataDirs.resolve("shared"));
    }

    @AfterAll
    void stopGatewayAndClient() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aPublishedMessageReachesASubscriberWithItsBodyPropertiesAndId() {
        roundTrip(gateway, false, "round-trip");
    }

    @Test
    void concurrentRequestsOnOneConnectionEachGetTheirOwnAnswer() {
        String topic = newTopic(gateway, "correlation");
        try (TckConnection connection = client.connect(gateway.address(), false)) {
            Map<String, String> idByBody = new LinkedHashMap<>();
            List<TckDelivery> deliveries = publishAndReceive(connection, topic, CONCURRENT_REQUESTS, () -> {
                Map<String, CompletableFuture<String>> publishes = new LinkedHashMap<>();
                for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                    String body = "correlated-" + i;
                    publishes.put(body, connection.publish(topic, message(body, Map.of("index", Integer.toString(i)))));
                }
                publishes.forEach((body, publish) -> idByBody.put(body, within(publish, REQUEST_BOUND, "publish " + body)));
            });
            assertThat(idByBody.values()).as("every publish answered its own message id").doesNotHaveDuplicates();

            assertThat(deliveries).allSatisfy(delivery -> {
                String body = text(delivery.body());
                if (claims.messageIds()) {
                    assertThat(delivery.messageId()).as("the id the publish of %s answered", body)
                            .isEqualTo(idByBody.get(body));
                }
                if (claims.userProperties()) {
                    assertThat(delivery.properties()).containsEntry("index", body.substring("correlated-".length()));
                }
            });
            assertThat(deliveries).extracting(delivery -> text(delivery.body()))
                    .containsExactlyInAnyOrderElementsOf(idByBody.keySet());
        }
    }

    @Test
    void theServerPushesSeveralMessagesToASubscriptionInOrder() {
        assumeThat(claims.serverPush()).as("the server pushes no deliveries: its clients ask for each batch")
                .isTrue();
        String topic = newTopic(gateway, "push");
        try (TckConnection connection = client.connect(gateway.address(), false)) {
            List<String> sent = new ArrayList<>();
            List<TckDelivery> pushed = receive(connection, topic, PUSHED_MESSAGES, () -> {
                for (int i = 0; i < PUSHED_MESSAGES; i++) {
                    String body = "pushed-" + i;
                    within(connection.publish(topic, message(body, Map.of())), REQUEST_BOUND, "publish " + body);
                    sent.add(body);
                }
            });
            assertThat(pushed).extracting(delivery -> text(delivery.body())).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void aLargeBodyArrivesIntact() {
        int size = Math.min(claims.maxBodyBytes(), TckClaims.LARGE_BODY_BYTES);
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        String topic = newTopic(gateway, "large");
        try (TckConnection connection = client.connect(gateway.address(), false)) {
            AtomicReference<String> id = new AtomicReference<>();
            TckDelivery delivery = publishAndReceive(connection, topic, 1, () -> id.set(within(connection.publish(topic,
                    new TckMessage(body, Map.of("size", Integer.toString(size)))), REQUEST_BOUND,
                    "publish of " + size + " bytes"))).get(0);
            if (claims.messageIds()) {
                assertThat(delivery.messageId()).isEqualTo(id.get());
            }
            assertThat(delivery.body().length).isEqualTo(size);
            assertThat(sha256(delivery.body())).as("digest of the delivered body").isEqualTo(sha256(body));
        }
    }

    @Test
    void malformedInputGetsAnErrorOrACloseAndTheServerServesTheNextConnection() throws IOException {
        List<byte[]> openings = new ArrayList<>(claims.malformedInputs());
        openings.add(garbage());
        for (byte[] opening : openings) {
            assertThat(answerOrClose(gateway.address(), opening))
                    .as("the server answered or closed a connection that opened with %s", preview(opening))
                    .isTrue();
        }
        roundTrip(gateway, false, "after-malformed");
    }

    @Test
    void tlsHandshakesRoundTripsAndPlaintextIsRefused() throws IOException {
        assumeThat(provider().servesTls()).as("the transport does not serve TLS").isTrue();
        assumeThat(claims.tls()).as("the test client cannot connect over TLS").isTrue();
        try (TckGateway tls = TckGateway.start(provider(), listenerOptions(), true, dataDirs.resolve("tls"))) {
            InetSocketAddress address = tls.address();
            try (SSLSocket socket = (SSLSocket) TrustingAnyServer.context().getSocketFactory()
                    .createSocket(address.getHostString(), address.getPort())) {
                socket.setSoTimeout((int) REQUEST_BOUND.toMillis());
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
            }
            roundTrip(tls, true, "tls");
            String topic = newTopic(tls, "plaintext");
            assertThatThrownBy(() -> {
                try (TckConnection plaintext = client.connect(address, false)) {
                    within(plaintext.publish(topic, message("in the clear", Map.of())), REQUEST_BOUND, "plaintext publish");
                }
            }).as("a plaintext client of a TLS-only listener").isNotNull();
        }
    }

    @Test
    void aShutdownWithRequestsInFlightAnswersOrFailsEveryOneAndClosesThePort(TestReporter report) {
        TckGateway stopping = TckGateway.start(provider(), listenerOptions(), false, dataDirs.resolve("shutdown"));
        InetSocketAddress address = stopping.address();
        String topic = newTopic(stopping, "shutdown");
        PublishingChains publishing;
        CompletableFuture<Void> stopped;
        long openAtShutdown;
        try (TckConnection connection = client.connect(address, false)) {
            publishing = new PublishingChains(connection, topic).start(SHUTDOWN_CHAINS);
            await("publishes answered before the shutdown").atMost(REQUEST_BOUND)
                    .until(() -> publishing.sent().size() > SHUTDOWN_CHAINS * 4);
            // A chain's next publish is sent from its last one's answer, so at a given instant every chain can be
            // between the two (answers to all of them arriving in one read); wait for an instant with some open.
            openAtShutdown = await("publishes in flight").atMost(REQUEST_BOUND).until(publishing::open, open -> open > 0);
            stopped = CompletableFuture.runAsync(stopping::close);
            publishing.stop();
            await("the gateway stopped").atMost(SHUTDOWN_BOUND).until(stopped::isDone);
            await("every request answered or failed").atMost(SHUTDOWN_BOUND)
                    .until(() -> publishing.open() == 0);
        }
        List<CompletableFuture<String>> sent = publishing.sent();
        long failed = sent.stream().filter(request -> failure(request) != null).count();
        String outcome = sent.size() + " publishes, " + openAtShutdown + " open when the shutdown began, " + failed
                + " failed";
        log.info("{} shutdown: {}", provider().protocol(), outcome);
        report.publishEntry("shutdown", outcome);
        assertThat(failure(stopped)).as("stopping the gateway").isNull();
        assertThat(openAtShutdown).as("publishes in flight when the shutdown began").isPositive();
        assertThatThrownBy(() -> new Socket(address.getHostString(), address.getPort()).close())
                .as("a connection to the stopped listener").isInstanceOf(ConnectException.class);
    }

    @Test
    void aFullRequestPoolAnswersBusyAndTheServerRecovers() {
        assumeThat(claims.busyOptions()).as("the transport has no request pool of its own to fill").isPresent();
        Map<String, String> options = new LinkedHashMap<>(listenerOptions());
        options.putAll(claims.busyOptions().orElseThrow());
        try (TckGateway small = TckGateway.start(provider(), options, false, dataDirs.resolve("busy"))) {
            String topic = newTopic(small, "busy");
            List<TckConnection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
                    connections.add(client.connect(small.address(), false));
                }
                await("a busy answer from the full pool").atMost(DELIVERY_BOUND).pollInterval(Duration.ZERO)
                        .until(() -> floodAnsweredBusy(connections, topic));
                await("a publish served once the flood is over").atMost(DELIVERY_BOUND).ignoreExceptions()
                        .until(() -> within(connections.get(0).publish(topic, message("after the flood", Map.of())),
                                REQUEST_BOUND, "publish after the flood") != null);
            } finally {
                connections.forEach(TckConnection::close);
            }
        }
    }

    /**
     * Sends one burst of concurrent publishes with bodies worth translating on every connection, so that
     * several I/O threads feed the pool at once; every one must succeed or be refused as busy, within the
     * bound. Whether any was refused as busy.
     */
    private boolean floodAnsweredBusy(List<TckConnection> connections, String topic) {
        byte[] body = new byte[FLOOD_BODY_BYTES];
        new Random(FLOOD_BODY_BYTES).nextBytes(body);
        List<CompletableFuture<String>> burst = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_REQUESTS / 2; i++) {
            connections.forEach(connection -> burst.add(connection.publish(topic, new TckMessage(body, Map.of()))));
        }
        await("every publish of the burst answered").atMost(REQUEST_BOUND)
                .until(() -> burst.stream().allMatch(CompletableFuture::isDone));
        boolean busy = false;
        for (CompletableFuture<String> publish : burst) {
            Throwable failure = failure(publish);
            if (failure != null) {
                assertThat(failure).as("a publish to a full pool either succeeds or is refused as busy")
                        .isInstanceOfSatisfying(TckRefusal.class,
                                refusal -> assertThat(refusal.kind()).isEqualTo(TckRefusal.Kind.BUSY));
                busy = true;
            }
        }
        return busy;
    }

    /** Publishes one message with a body and properties and receives it, acking it, over a new connection. */
    private void roundTrip(TckGateway target, boolean tls, String name) {
        String topic = newTopic(target, name);
        TckMessage sent = message("hello from the " + name + " case", Map.of("tckKey", "tck-value", "color", "blue"));
        try (TckConnection connection = client.connect(target.address(), tls)) {
            AtomicReference<String> id = new AtomicReference<>();
            TckDelivery delivery = publishAndReceive(connection, topic, 1,
                    () -> id.set(within(connection.publish(topic, sent), REQUEST_BOUND, "publish"))).get(0);
            assertThat(id.get()).as("message id").isNotBlank();
            if (claims.messageIds()) {
                assertThat(delivery.messageId()).isEqualTo(id.get());
            }
            assertThat(delivery.body()).isEqualTo(sent.body());
            if (claims.userProperties()) {
                assertThat(delivery.properties()).containsAllEntriesOf(sent.properties());
            }
            within(connection.ack(topic, topic + GROUP_SUFFIX, delivery), REQUEST_BOUND, "ack");
        }
    }

    /**
     * Publishes with {@code publishing} and returns the first {@code count} deliveries: publishing first and
     * subscribing after, so a subscription is seen to start at the topic's first message, unless the protocol
     * delivers only what is published after a subscription ({@link TckClaims#onlyNewMessages()}).
     */
    private List<TckDelivery> publishAndReceive(TckConnection connection, String topic, int count, Runnable publishing) {
        if (claims.onlyNewMessages()) {
            return receive(connection, topic, count, publishing);
        }
        publishing.run();
        return receive(connection, topic, count, () -> { });
    }

    /**
     * Subscribes as the topic's own group ({@code <topic>-group}), runs {@code meanwhile} with the
     * subscription open, and returns the first {@code count} deliveries once they are in.
     */
    private static List<TckDelivery> receive(TckConnection connection, String topic, int count, Runnable meanwhile) {
        Inbox inbox = new Inbox();
        TckSubscription subscription = connection.subscribe(topic, topic + GROUP_SUFFIX, inbox);
        try {
            meanwhile.run();
            return inbox.first(count, DELIVERY_BOUND);
        } finally {
            subscription.close();
        }
    }

    private static String newTopic(TckGateway target, String name) {
        String topic = "tck-" + name;
        target.createTopic(topic);
        return topic;
    }

    private static TckMessage message(String body, Map<String, String> properties) {
        return new TckMessage(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Whether the server, given {@code opening} on a fresh plaintext connection, answers something or closes
     * within the bound. The suite keeps its side open, so a close is the server's own.
     */
    private static boolean answerOrClose(InetSocketAddress address, byte[] opening) throws IOException {
        try (Socket socket = new Socket(address.getHostString(), address.getPort())) {
            socket.setSoTimeout((int) REQUEST_BOUND.toMillis());
            try {
                socket.getOutputStream().write(opening);
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                in.read();
                return true;
            } catch (SocketTimeoutException silent) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }
    }

    /** 4 KiB of fixed random bytes that open like no protocol: not a TLS record, not ASCII. */
    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        bytes[0] = (byte) 0xF7;
        return bytes;
    }

    private static String preview(byte[] opening) {
        int shown = Math.min(opening.length, 24);
        return opening.length + " bytes starting " + HexFormat.of().formatHex(opening, 0, shown);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
