package dev.wharf.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.ChannelConnection;
import dev.wharf.transport.spi.ProtocolType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNodeRequestsTest {

    private final RequestContext remotingClient = from(ProtocolType.REMOTING);
    private final RequestContext httpClient = from(ProtocolType.HTTP);
    private final ClusterNodeRequests requests =
            new ClusterNodeRequests(answering("own broker"), answering("whole cluster"));

    @Test
    void whatAnotherNodeForwardedGoesToThisNodesBrokerAlone() {
        RemotingCommand heartbeat = RemotingCommand.request(RequestCode.HEART_BEAT)
                .extField(ClusterNodeClient.FROM_NODE, "broker-b")
                .build();

        assertThat(servedBy(remotingClient, heartbeat)).isEqualTo("own broker");
    }

    @ParameterizedTest
    @ValueSource(ints = {RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT})
    void routesAndHeartbeatsAreServedForTheWholeCluster(int code) {
        assertThat(servedBy(remotingClient, RemotingCommand.request(code).build())).isEqualTo("whole cluster");
    }

    @Test
    void aRemotingCommandNamingNoBrokerIsForThisNodesBroker() {
        // As Apache RocketMQ's Proxy sends them to a broker it found through the NameServer: no bname.
        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extField("b", "orders").extField("e", "1").build();
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE)
                .extField("topic", "orders").extField("queueId", "-1").build();

        assertThat(servedBy(remotingClient, send)).isEqualTo("own broker");
        assertThat(servedBy(remotingClient, pop)).isEqualTo("own broker");
    }

    @Test
    void aRemotingCommandNamingABrokerIsServedForTheWholeCluster() {
        RemotingCommand named = RemotingCommand.request(RequestCode.PULL_MESSAGE).extField("bname", "broker-b").build();
        RemotingCommand namedV2Send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("n", "broker-b")
                .build();
        RemotingCommand ack = RemotingCommand.request(RequestCode.ACK_MESSAGE)
                .extField("extraInfo", "0 1700000000000 60000 0 0 broker-b 1 2").build();

        assertThat(servedBy(remotingClient, named)).isEqualTo("whole cluster");
        assertThat(servedBy(remotingClient, namedV2Send)).isEqualTo("whole cluster");
        assertThat(servedBy(remotingClient, ack)).isEqualTo("whole cluster");
    }

    @Test
    void anotherProtocolsCommandNamingNoBrokerIsServedForTheWholeCluster() {
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE).extField("topic", "orders").build();

        assertThat(servedBy(httpClient, pop)).isEqualTo("whole cluster");
    }

    private String servedBy(RequestContext context, RemotingCommand request) {
        return requests.process(context, request).join().remark();
    }

    private static RequestProcessor answering(String who) {
        return (context, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark(who).build());
    }

    private static RequestContext from(ProtocolType protocol) {
        return new RequestContext(new ChannelConnection(new EmbeddedChannel(), protocol) {
            @Override
            public CompletableFuture<Void> send(RemotingCommand command) {
                return CompletableFuture.failedFuture(new IllegalStateException("nothing is sent back in this test"));
            }

            @Override
            public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("nothing is asked of the client in this test"));
            }
        }, 1L);
    }
}
