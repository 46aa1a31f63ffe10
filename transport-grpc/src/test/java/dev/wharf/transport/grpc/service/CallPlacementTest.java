package dev.wharf.transport.grpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import com.google.protobuf.ByteString;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Small sends are translated on the thread the call arrived on; large ones on the business pool. */
class CallPlacementTest {

    private final MessagingFixture grpc = new MessagingFixture();
    private final List<Thread> sendThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aSmallSendStaysOnTheCallingThreadAndALargeOneGoesToThePool() {
        grpc.broker.onLater(RequestCode.SEND_MESSAGE, request -> {
            sendThreads.add(Thread.currentThread());
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .extField("queueOffset", 0).build());
        });

        // The in-process server with a direct executor runs the call on the caller's thread.
        SendMessageResponse small = send(16);
        SendMessageResponse large = send(GrpcMessagingService.INLINE_SEND_BODIES + 1);

        assertThat(small.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(large.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(sendThreads).hasSize(2);
        assertThat(sendThreads.get(0)).isSameAs(Thread.currentThread());
        assertThat(sendThreads.get(1)).isNotSameAs(Thread.currentThread());
    }

    private SendMessageResponse send(int bodySize) {
        return grpc.stub().sendMessage(SendMessageRequest.newBuilder()
                .addMessages(Sends.message("orders").setBody(ByteString.copyFrom(new byte[bodySize])))
                .build());
    }
}
