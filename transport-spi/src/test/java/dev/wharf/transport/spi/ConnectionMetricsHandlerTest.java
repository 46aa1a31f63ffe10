package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionMetricsHandlerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportMetrics metrics = new TransportMetrics(registry, MetricsExposition.notExported());
    private final ConnectionCounter remoting = metrics.connections(ProtocolType.REMOTING);

    @Test
    void countsChannelsOpenNowAndOpenedSinceStart() {
        EmbeddedChannel first = new EmbeddedChannel(remoting.handler());
        EmbeddedChannel second = new EmbeddedChannel(remoting.handler());

        assertThat(open("remoting")).isEqualTo(2);
        first.close();
        assertThat(open("remoting")).isEqualTo(1);
        assertThat(opened("remoting")).isEqualTo(2);
        second.close();
        assertThat(open("remoting")).isZero();
    }

    @Test
    void addedToAnActiveChannelItCountsItOnce() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        channel.pipeline().addLast(remoting.handler());

        assertThat(open("remoting")).isEqualTo(1);
        channel.close();
        channel.close();
        assertThat(open("remoting")).isZero();
        assertThat(opened("remoting")).isEqualTo(1);
    }

    @Test
    void removedFromAnOpenChannelItCountsItClosed() {
        EmbeddedChannel channel = new EmbeddedChannel(remoting.handler());
        channel.pipeline().remove(remoting.handler());
        channel.close();

        assertThat(open("remoting")).isZero();
    }

    @Test
    void everyProtocolHasItsOwnSeriesAndOneCounterPerProtocol() {
        EmbeddedChannel grpc = new EmbeddedChannel(metrics.connections(ProtocolType.GRPC).handler());

        assertThat(metrics.connections(ProtocolType.GRPC)).isSameAs(metrics.connections(ProtocolType.of("GRPC")));
        assertThat(open("grpc")).isEqualTo(1);
        assertThat(open("remoting")).isZero();
        grpc.close();
    }

    private double open(String protocol) {
        return registry.get(ConnectionCounter.OPEN).tag("protocol", protocol).gauge().value();
    }

    private double opened(String protocol) {
        return registry.get(ConnectionCounter.OPENED).tag("protocol", protocol).counter().count();
    }
}
