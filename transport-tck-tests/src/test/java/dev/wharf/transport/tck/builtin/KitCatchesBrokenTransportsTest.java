package dev.wharf.transport.tck.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.wharf.transport.remoting.RemotingTransportProvider;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.tck.TckClaims;
import dev.wharf.transport.tck.TckClient;
import dev.wharf.transport.tck.TckConnection;
import dev.wharf.transport.tck.TckDelivery;
import dev.wharf.transport.tck.TckMessage;
import dev.wharf.transport.tck.TckSubscription;
import dev.wharf.transport.tck.TransportConformanceSuite;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit fails transports that break its claims: the suite is run against Remoting through clients that
 * break one promise each, and the cases that guard that promise must fail (and the others pass).
 */
class KitCatchesBrokenTransportsTest {

    /** The broken suites fail by design: only this test runs them, with @Disabled deactivated. */
    private static final String RUN_BY_THIS_TEST = "fails by design; run by KitCatchesBrokenTransportsTest";

    @Test
    void answersMatchedToTheWrongRequestsFailTheCorrelationAndRoundTripCases() {
        Set<String> failed = failedCases(SwappedAnswersSuite.class);

        // Every case that checks a delivery against its publish's answer; the shutdown case checks no ids.
        assertThat(failed).containsExactlyInAnyOrder(
                "aPublishedMessageReachesASubscriberWithItsBodyPropertiesAndId",
                "concurrentRequestsOnOneConnectionEachGetTheirOwnAnswer",
                "aLargeBodyArrivesIntact",
                "malformedInputGetsAnErrorOrACloseAndTheServerServesTheNextConnection",
                "tlsHandshakesRoundTripsAndPlaintextIsRefused");
    }

    @Test
    void propertiesLostOnTheWayFailTheRoundTripCase() {
        Set<String> failed = failedCases(LostPropertiesSuite.class);

        // The cases that send properties: the round trip (also run after malformed input and over TLS) and
        // correlation; the large body and shutdown cases pass.
        assertThat(failed).containsExactlyInAnyOrder(
                "aPublishedMessageReachesASubscriberWithItsBodyPropertiesAndId",
                "concurrentRequestsOnOneConnectionEachGetTheirOwnAnswer",
                "malformedInputGetsAnErrorOrACloseAndTheServerServesTheNextConnection",
                "tlsHandshakesRoundTripsAndPlaintextIsRefused");
    }

    /** The names of the suite's test methods that failed. */
    private static Set<String> failedCases(Class<? extends TransportConformanceSuite> suite) {
        Set<String> failed = ConcurrentHashMap.newKeySet();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED
                        && test.getSource().orElse(null) instanceof MethodSource method) {
                    failed.add(method.getMethodName());
                }
            }
        });
        return failed;
    }

    /** Remoting, through a client whose every publish answers the id of the publish before it. */
    @Disabled(RUN_BY_THIS_TEST)
    static final class SwappedAnswersSuite extends TransportConformanceSuite {
        @Override
        protected TransportProvider provider() {
            return new RemotingTransportProvider();
        }

        @Override
        protected TckClient newClient() {
            AtomicReference<String> previous = new AtomicReference<>("none yet");
            return new Breaking(new RemotingTckClient(), connection -> new Delegating(connection) {
                @Override
                public CompletableFuture<String> publish(String topic, TckMessage message) {
                    return super.publish(topic, message).thenApply(previous::getAndSet);
                }
            });
        }
    }

    /** Remoting, through a client that drops every delivered property. */
    @Disabled(RUN_BY_THIS_TEST)
    static final class LostPropertiesSuite extends TransportConformanceSuite {
        @Override
        protected TransportProvider provider() {
            return new RemotingTransportProvider();
        }

        @Override
        protected TckClient newClient() {
            return new Breaking(new RemotingTckClient(), connection -> new Delegating(connection) {
                @Override
                public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
                    return super.subscribe(topic, group, delivery -> sink.accept(new TckDelivery(
                            delivery.messageId(), delivery.body(), Map.of(), delivery.receipt())));
                }
            });
        }
    }

    /** A client whose connections are wrapped by {@code breaking}. */
    private record Breaking(TckClient client, Function<TckConnection, TckConnection> breaking)
            implements TckClient {
        @Override
        public TckClaims claims() {
            return client.claims();
        }

        @Override
        public TckConnection connect(InetSocketAddress address, boolean tls) {
            return breaking.apply(client.connect(address, tls));
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** A connection that does what {@code connection} does, for a subclass to break one thing of. */
    private static class Delegating implements TckConnection {
        private final TckConnection connection;

        Delegating(TckConnection connection) {
            this.connection = connection;
        }

        @Override
        public CompletableFuture<String> publish(String topic, TckMessage message) {
            return connection.publish(topic, message);
        }

        @Override
        public TckSubscription subscribe(String topic, String group, Consumer<TckDelivery> sink) {
            return connection.subscribe(topic, group, sink);
        }

        @Override
        public CompletableFuture<Void> ack(String topic, String group, TckDelivery delivery) {
            return connection.ack(topic, group, delivery);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
