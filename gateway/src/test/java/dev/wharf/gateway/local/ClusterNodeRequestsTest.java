package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.local.InProcessConnection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClusterNodeRequestsTest {

    private final RequestContext context = new RequestContext(new InProcessConnection("another node"), 1L);
    private final ClusterNodeRequests requests =
            new ClusterNodeRequests(answering("own broker"), answering("whole cluster"));

    @Test
    void whatAnotherNodeForwardedGoesToThisNodesBrokerAlone() {
        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT)
                .extField(ClusterNodeClient.FROM_NODE, "broker-b")
                .build();

        assertThat(requests.process(context, heartbeat).join().remark()).isEqualTo("own broker");
    }

    @Test
    void aClientsCommandIsServedForTheWholeCluster() {
        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT).build();

        assertThat(requests.process(context, heartbeat).join().remark()).isEqualTo("whole cluster");
    }

    private static RequestProcessor answering(String who) {
        return (context, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark(who).build());
    }
}
