package dev.wharf.broker;

import static dev.wharf.broker.PopRequests.body;
import static dev.wharf.broker.PopRequests.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.message.StoredMessage;
import dev.wharf.store.FlushPolicy;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each class of work has a pool of its own, and a full pool refuses only its own requests with SYSTEM_BUSY.
 * Settling consumed messages (ack, batch ack, invisible time, send-back) has {@code broker-ack}, under sync
 * flush (with async flush an ack is one append and skips the pool). Admin work has {@code broker-admin}, but
 * GET_BROKER_CLUSTER_INFO, built from configuration alone, is answered where it arrives and never waits there.
 */
class FullPoolsTest {

    private static final String GROUP = "billing";
    private static final String TOPIC = "orders";

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private TransportContext context;
    private BrokerHarness broker;

    @BeforeEach
    void start() {
        context = TransportContext.builder().ioThreads(1).build();
        broker = BrokerHarness.start(dir, context, config -> config
                .withStore(config.store().withFlushPolicy(FlushPolicy.SYNC))
                .withPools(new PoolSizes(2, 2, 1, 2, 1, 1)));
        broker.broker().topics().create(TOPIC, 1, TopicMessageType.NORMAL);
    }

    @AfterEach
    void stop() {
        release.countDown();
        broker.close();
    }

    @Test
    void aFullAckPoolRefusesOnlySettlementsWithSystemBusy() {
        StoredMessage popped = sendAndPop("first");
        occupy("broker-ack");

        List<RemotingCommand> settlements = List.of(
                PopRequests.ack(GROUP, TOPIC, popped),
                PopRequests.batchAck(GROUP, TOPIC, List.of(popped)),
                PopRequests.changeInvisibleTime(GROUP, TOPIC, popped, 60_000),
                Requests.sendBack(popped.commitLogOffset(), GROUP, 0, TOPIC));
        assertThat(settlements).allSatisfy(request ->
                assertThat(broker.call(request).code()).isEqualTo(ResponseCode.SYSTEM_BUSY));

        assertThat(body(sendAndPop("second"))).isEqualTo("second");

        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> broker.call(PopRequests.ack(GROUP, TOPIC, popped)).code() == ResponseCode.SUCCESS);
    }

    @Test
    void clusterInfoIsAnsweredWhileAFullAdminPoolRefusesAdminWork() {
        occupy("broker-admin");

        RemotingCommand clusterInfo = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build());
        assertThat(clusterInfo.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(clusterInfo.body(), StandardCharsets.UTF_8)).contains("brokerAddrTable");

        RemotingCommand runtimeInfo = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO).build());
        assertThat(runtimeInfo.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
    }

    private StoredMessage sendAndPop(String text) {
        assertThat(broker.call(Requests.sendV2(TOPIC, 0, text, null)).code()).isEqualTo(ResponseCode.SUCCESS);
        return messages(broker.call(PopRequests.pop(GROUP, TOPIC, 0, 32, 60_000).build()), TOPIC).get(0);
    }

    /** Its one thread blocked and its one queue slot taken, so the next request cannot be accepted. */
    private void occupy(String pool) {
        ExecutorService executor = context.executors().get(pool).orElseThrow();
        executor.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        executor.execute(() -> { });
    }
}
