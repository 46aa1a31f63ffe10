package dev.wharf.transport.grpc.service;

import static dev.wharf.messaging.testing.PopAnswers.POP_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.messaging.CommandDispatcher;
import dev.wharf.messaging.ReceiptCommands;
import dev.wharf.messaging.ReceiptHandle;
import dev.wharf.messaging.testing.MutableClock;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.grpc.session.ClientMetadata;
import dev.wharf.transport.grpc.session.ClientSessions;
import dev.wharf.transport.grpc.session.GrpcClientConnection;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The renewer driven tick by tick with a hand-moved clock. */
class ReceiptRenewerTest {

    private static final ReceiptHandle HANDLE = ReceiptHandle.decode("7 " + POP_TIME + " 60000 0 0 broker-a 1 7 4096");

    private final RecordingBroker broker = new RecordingBroker();
    private final MutableClock clock = new MutableClock(POP_TIME);
    private final ClientSessions sessions = new ClientSessions(clock);
    private final CallScope scope = scope();
    private final ReceiptRenewer renewer =
            new ReceiptRenewer(new ReceiptCommands(new CommandDispatcher(broker.processors())), clock);

    ReceiptRenewerTest() {
        broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("popTime", clock.millis())
                        .extField("invisibleTime", request.extField("invisibleTime"))
                        .extField("reviveQid", 0)
                        .build());
    }

    @Test
    void aMessageIsRenewedTenSecondsBeforeItWouldReappearAndItsNewestHandleIsKept() {
        renewer.track(scope, "billing", "orders", HANDLE);

        clock.advance(Duration.ofSeconds(49));
        renewer.tick();
        assertThat(broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        renewer.tick();
        RemotingCommand renewal = broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME);
        assertThat(renewal.extFields())
                .containsEntry("consumerGroup", "billing")
                .containsEntry("topic", "orders")
                .containsEntry("invisibleTime", "60000")
                .containsEntry("extraInfo", HANDLE.extraInfo());

        ReceiptHandle newest = renewer.release("billing", HANDLE.encode()).orElseThrow().join();
        assertThat(newest).isEqualTo(HANDLE.renewed(POP_TIME + 51_000, 60_000, 0));
        assertThat(renewer.size()).isZero();
    }

    @Test
    void aReleaseDuringARenewalWaitsForItsHandle() {
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        broker.onLater(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request -> later);
        renewer.track(scope, "billing", "orders", HANDLE);
        clock.advance(Duration.ofSeconds(55));
        renewer.tick();

        CompletableFuture<ReceiptHandle> newest = renewer.release("billing", HANDLE.encode()).orElseThrow();
        assertThat(newest).isNotDone();
        later.complete(RemotingCommand.responseTo(broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME),
                        ResponseCode.SUCCESS)
                .extField("popTime", clock.millis()).extField("invisibleTime", 60_000).extField("reviveQid", 0)
                .build());

        assertThat(newest.join().retrieveTime()).isEqualTo(clock.millis());
    }

    @Test
    void aFailedRenewalKeepsTheOlderHandleAndIsTriedAgain() {
        broker.refuse(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, ResponseCode.SYSTEM_BUSY, "busy");
        renewer.track(scope, "billing", "orders", HANDLE);
        clock.advance(Duration.ofSeconds(55));

        renewer.tick();
        renewer.tick();

        assertThat(broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).hasSize(2);
        assertThat(renewer.release("billing", HANDLE.encode()).orElseThrow().join()).isEqualTo(HANDLE);
    }

    @Test
    void renewalStopsWhenTheClientIsGone() {
        renewer.track(scope, "billing", "orders", HANDLE);
        sessions.remove(MessagingFixture.CLIENT_ID);
        clock.advance(Duration.ofSeconds(55));

        renewer.tick();

        assertThat(broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).isEmpty();
        assertThat(renewer.size()).isZero();
    }

    @Test
    void renewalStopsAfterThreeHours() {
        renewer.track(scope, "billing", "orders", HANDLE);
        long started = clock.millis();
        while (clock.millis() - started < ReceiptRenewer.MAX_RENEWAL.toMillis()) {
            clock.advance(Duration.ofSeconds(25));
            renewer.tick();
        }
        int renewals = broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).size();

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(25));
            renewer.tick();
        }

        assertThat(renewals).isGreaterThan(200);
        assertThat(broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).hasSize(renewals);
        assertThat(renewer.size()).isZero();
    }

    @Test
    void aHandleThatExpiredBeforeItsRenewalIsDropped() {
        renewer.track(scope, "billing", "orders", HANDLE);
        clock.advance(Duration.ofSeconds(61));

        renewer.tick();

        assertThat(broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME)).isEmpty();
        assertThat(renewer.release("billing", HANDLE.encode())).isEmpty();
    }

    private CallScope scope() {
        ClientMetadata metadata = new ClientMetadata(MessagingFixture.CLIENT_ID, "JAVA", "5.2.0", "", "",
                new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8081), Optional.empty());
        GrpcClientConnection connection = sessions.connection(metadata);
        return new CallScope(metadata, connection, new RequestContext(connection, clock.millis()), null);
    }
}
