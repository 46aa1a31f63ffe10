package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin work (topic and group changes, runtime figures) has its pool, {@code broker-admin}; GET_BROKER_CLUSTER_INFO
 * is built from configuration alone and is answered where it arrives, so it never waits behind that work.
 */
class AdminPoolTest {

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private TransportContext context;
    private BrokerHarness broker;

    @BeforeEach
    void start() {
        context = TransportContext.builder().ioThreads(1).build();
        broker = BrokerHarness.start(dir, context, config -> config.withPools(new PoolSizes(2, 2, 2, 2, 1, 1)));
    }

    @AfterEach
    void stop() {
        release.countDown();
        broker.close();
    }

    @Test
    void clusterInfoIsAnsweredWhileAFullAdminPoolRefusesAdminWork() {
        FullPool.occupy(context, "broker-admin", release);

        RemotingCommand clusterInfo = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build());
        assertThat(clusterInfo.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(clusterInfo.body(), StandardCharsets.UTF_8)).contains("brokerAddrTable");

        RemotingCommand runtimeInfo = broker.call(RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO).build());
        assertThat(runtimeInfo.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
    }
}
