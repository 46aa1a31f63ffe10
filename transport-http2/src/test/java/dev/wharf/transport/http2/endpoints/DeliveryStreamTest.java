package dev.wharf.transport.http2.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.messaging.CommandMessaging;
import dev.wharf.messaging.PublicationChecks;
import dev.wharf.messaging.testing.MutableClock;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.http2.api.EventSink;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stream's flow control, driven by a sink the test makes writable or not, and its client going away. */
class DeliveryStreamTest {

    private final RecordingBroker broker = new RecordingBroker();
    private final MessagingService messaging = new CommandMessaging(broker.processors(),
            new PublicationChecks(1 << 20, Duration.ofHours(1)), new MutableClock(PopAnswers.POP_TIME));
    private final RequestContext context = new RequestContext(new TestConnection(), PopAnswers.POP_TIME);
    private final ReceiveRequest longPoll = new ReceiveRequest("billing", "orders", "*", 4, Duration.ofSeconds(30),
            Duration.ofSeconds(20));
    private final ScriptedSink sink = new ScriptedSink();

    DeliveryStreamTest() {
        AtomicInteger offsets = new AtomicInteger();
        // Every pop finds one more message at once, as a broker with a deep backlog does.
        broker.on(RequestCode.POP_MESSAGE, request -> {
            int offset = offsets.getAndIncrement();
            return PopAnswers.found(request, "0 1 " + offset, PopAnswers.record("orders", 1, offset, 4096L + offset,
                    "A", 0));
        });
        broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("popTime", PopAnswers.POP_TIME)
                        .extField("invisibleTime", request.extField("invisibleTime")).extField("reviveQid", 0)
                        .build());
    }

    @Test
    void aClientThatCannotTakeMoreHoldsBackThePopping() {
        DeliveryStream stream = new DeliveryStream(messaging, context, longPoll, BodyEncoding.TEXT_IF_VALID, List.of(),
                Duration.ofSeconds(15));
        sink.writable = false;

        stream.start(sink);

        assertThat(broker.commands(RequestCode.POP_MESSAGE)).isEmpty();
        sink.writable = true;
        sink.drain(3);
        assertThat(broker.commands(RequestCode.POP_MESSAGE)).hasSize(3);
        assertThat(sink.events).hasSize(3);
        assertThat(sink.waiting).hasSize(1);
    }

    @Test
    void messagesPoppedForAClientThatLeftAreHandedBack() {
        Delivery popped = messaging.receive(context, longPoll).join().get(0);
        DeliveryStream stream = new DeliveryStream(messaging, context, longPoll, BodyEncoding.TEXT_IF_VALID, List.of(popped),
                Duration.ofSeconds(15));
        sink.open = false;

        stream.start(sink);

        assertThat(sink.events).isEmpty();
        assertThat(broker.only(RequestCode.CHANGE_MESSAGE_INVISIBLETIME).extField("invisibleTime"))
                .isEqualTo(Long.toString(MessagingService.NACK_DELAY.toMillis()));
    }

    /** A sink whose writability the test decides; callbacks wait until the test runs them. */
    private static final class ScriptedSink implements EventSink {
        final List<String> events = new ArrayList<>();
        final List<Runnable> waiting = new ArrayList<>();
        boolean writable = true;
        boolean open = true;

        @Override
        public void event(String name, String id, String data) {
            events.add(name + " " + id);
        }

        @Override
        public void comment(String text) {}

        @Override
        public void heartbeat(Duration period, String text) {}

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void whenWritable(Runnable task) {
            waiting.add(task);
        }

        @Override
        public void onClose(Runnable task) {}

        @Override
        public void close() {
            open = false;
        }

        /** Lets {@code times} waiting tasks run, as a channel that became writable does. */
        void drain(int times) {
            for (int i = 0; i < times; i++) {
                assertThat(writable).isTrue();
                waiting.remove(0).run();
            }
        }
    }
}
