package dev.wharf.messaging;

import static dev.wharf.messaging.testing.PopAnswers.POP_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.wharf.message.MessageProperties;
import dev.wharf.messaging.testing.MutableClock;
import dev.wharf.messaging.testing.PopAnswers;
import dev.wharf.messaging.testing.RecordingBroker;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import dev.wharf.transport.spi.TestConnection;
import dev.wharf.transport.spi.messaging.Delivery;
import dev.wharf.transport.spi.messaging.ErrorCode;
import dev.wharf.transport.spi.messaging.ErrorKind;
import dev.wharf.transport.spi.messaging.MessagingError;
import dev.wharf.transport.spi.messaging.MessagingException;
import dev.wharf.transport.spi.messaging.MessagingService;
import dev.wharf.transport.spi.messaging.Publication;
import dev.wharf.transport.spi.messaging.PublishResult;
import dev.wharf.transport.spi.messaging.QueueRead;
import dev.wharf.transport.spi.messaging.ReceiveRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CommandMessagingTest {

    private final RecordingBroker broker = new RecordingBroker();
    private final MutableClock clock = new MutableClock(POP_TIME);
    private final MessagingService messaging = new CommandMessaging(broker.processors(),
            new PublicationChecks(1024, Duration.ofHours(1)), clock);
    private final RequestContext context = new RequestContext(new TestConnection(), POP_TIME);

    CommandMessagingTest() {
        broker.on(RequestCode.SEND_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("queueId", 2)
                .extField("queueOffset", 41)
                .build());
    }

    @Test
    void aPublicationIsTheSendMessageARemotingProducerSends() {
        Publication order = Publication.builder(bytes("hello"))
                .tag("created").keys(List.of("k1", "k2")).property("region", "eu").messageGroup("customer-7")
                .deliverAtMillis(POP_TIME + 60_000)
                .build();

        List<PublishResult> results = messaging.publish(context, "orders", List.of(order)).join();

        RemotingCommand send = broker.only(RequestCode.SEND_MESSAGE);
        assertThat(send.extFields()).containsEntry("topic", "orders").containsEntry("producerGroup", "orders")
                .containsEntry("queueId", "-1").containsEntry("sysFlag", "0");
        Map<String, String> properties = MessageProperties.decode(send.extField("properties"));
        assertThat(properties).containsEntry("region", "eu").containsEntry(MessageProperties.TAGS, "created")
                .containsEntry(MessageProperties.KEYS, "k1 k2")
                .containsEntry(MessageProperties.SHARDING_KEY, "customer-7")
                .containsEntry(MessageProperties.TIMER_DELIVER_MS, Long.toString(POP_TIME + 60_000));
        String messageId = properties.get(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        assertThat(messageId).hasSize(32).matches("[0-9A-F]+");
        assertThat(send.body()).isEqualTo(bytes("hello"));
        assertThat(results).containsExactly(new PublishResult.Published(messageId, 2, 41, messageId, null));
    }

    @Test
    void eachMessageIsCheckedAloneAndAReservedPropertyIsRefusedWithoutStoppingTheOthers() {
        List<PublishResult> results = messaging.publish(context, "orders", List.of(
                Publication.builder(bytes("ok")).build(),
                Publication.builder(bytes("bad")).property(MessageProperties.TAGS, "sneaky").build(),
                Publication.builder(new byte[2048]).build(),
                Publication.builder(bytes("x")).tag("a|b").build())).join();

        assertThat(results.get(0)).isInstanceOf(PublishResult.Published.class);
        assertThat(codes(results.subList(1, 4))).containsExactly(ErrorCode.ILLEGAL_MESSAGE_PROPERTY_KEY,
                ErrorCode.MESSAGE_BODY_TOO_LARGE, ErrorCode.ILLEGAL_MESSAGE_TAG);
        assertThat(broker.commands(RequestCode.SEND_MESSAGE)).hasSize(1);
    }

    @Test
    void theBrokersRefusalIsTheMessagesResultWithItsRocketmqCode() {
        broker.refuse(RequestCode.SEND_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[nowhere] not exist");

        PublishResult result = messaging.publish(context, "nowhere", List.of(Publication.builder(bytes("x")).build()))
                .join().get(0);

        MessagingError error = ((PublishResult.Refused) result).error();
        assertThat(error.code()).isEqualTo(ErrorCode.TOPIC_NOT_FOUND);
        assertThat(error.code().kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.rocketmqCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(error.message()).contains("topic[nowhere] not exist");
    }

    @Test
    void anIllegalTopicFailsThePublishAsAWhole() {
        assertThatThrownBy(() -> messaging.publish(context, "bad topic!", List.of()).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(MessagingException.errorOf(e).code()).isEqualTo(ErrorCode.ILLEGAL_TOPIC));
    }

    @Test
    void aReceivePopsWithLongPollingAndSkipsTagsTheFilterDoesNotTake() {
        broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.found(request, "0 3 10",
                PopAnswers.record("orders", 3, 10, 4096, "A", 0),
                PopAnswers.record("orders", 3, 11, 8192, "B", 2)));

        List<Delivery> deliveries = messaging.receive(context, new ReceiveRequest("billing", "orders", "B", 16,
                Duration.ofSeconds(30), Duration.ofSeconds(20))).join();

        RemotingCommand pop = broker.only(RequestCode.POP_MESSAGE);
        assertThat(pop.extFields()).containsEntry("consumerGroup", "billing").containsEntry("topic", "orders")
                .containsEntry("maxMsgNums", "16").containsEntry("invisibleTime", "30000")
                .containsEntry("pollTime", "20000").containsEntry("expType", "TAG").containsEntry("exp", "B")
                .containsEntry("order", "false");
        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.messageId()).isEqualTo("ID-orders-11");
            assertThat(delivery.tag()).isEqualTo("B");
            assertThat(delivery.body()).isEqualTo(bytes("body-11"));
            assertThat(delivery.deliveryAttempt()).isEqualTo(3);
            assertThat(ReceiptHandle.decode(delivery.receiptHandle()).queueOffset()).isEqualTo(11);
        });
        assertThat(broker.only(RequestCode.ACK_MESSAGE).extField("offset")).isEqualTo("10");
    }

    @Test
    void aPollThatRunsOutIsAnEmptyReceive() {
        broker.on(RequestCode.POP_MESSAGE, request -> PopAnswers.empty(request, ResponseCode.POLLING_TIMEOUT));

        assertThat(messaging.receive(context, receive(Duration.ofSeconds(30))).join()).isEmpty();
    }

    @Test
    void receiveLimitsAreCheckedBeforeTheBrokerIsAsked() {
        assertThat(refusal(() -> messaging.receive(context, receive(Duration.ofSeconds(1))).join()))
                .isEqualTo(ErrorCode.ILLEGAL_INVISIBLE_TIME);
        assertThat(refusal(() -> messaging.receive(context, new ReceiveRequest("billing", "orders", "*", 33,
                Duration.ofSeconds(30), Duration.ZERO)).join())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> messaging.receive(context, new ReceiveRequest("billing", "orders", "*", 1,
                Duration.ofSeconds(30), Duration.ofMinutes(5))).join())).isEqualTo(ErrorCode.ILLEGAL_POLLING_TIME);
        assertThat(broker.commands(RequestCode.POP_MESSAGE)).isEmpty();
    }

    @Test
    void ackNackAndChangeInvisibleTimeActOnTheReceiptsRealTopic() {
        broker.on(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, request ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .extField("popTime", POP_TIME + 5).extField("invisibleTime", request.extField("invisibleTime"))
                        .extField("reviveQid", 1).build());
        String retried = "10 " + POP_TIME + " 30000 0 1 broker-a 3 10 4096";

        messaging.ack(context, "billing", "orders", retried).join();
        messaging.nack(context, "billing", "orders", retried).join();
        String renewed = messaging.changeInvisibleTime(context, "billing", "orders", retried, Duration.ofMinutes(1))
                .join();

        assertThat(broker.only(RequestCode.ACK_MESSAGE).extFields())
                .containsEntry("topic", "%RETRY%billing_orders").containsEntry("extraInfo", retried.substring(0,
                        retried.lastIndexOf(' ')));
        List<RemotingCommand> changes = broker.commands(RequestCode.CHANGE_MESSAGE_INVISIBLETIME);
        assertThat(changes).extracting(command -> command.extField("invisibleTime")).containsExactly("1000", "60000");
        assertThat(renewed).isEqualTo("10 " + (POP_TIME + 5) + " 60000 1 1 broker-a 3 10 4096");
    }

    @Test
    void aMalformedReceiptHandleIsRefusedWithoutAskingTheBroker() {
        assertThat(refusal(() -> messaging.ack(context, "billing", "orders", "nonsense").join()))
                .isEqualTo(ErrorCode.INVALID_RECEIPT_HANDLE);
        assertThat(refusal(() -> messaging.changeInvisibleTime(context, "billing", "orders",
                "10 1 30000 0 0 b 3 10", Duration.ofMillis(5)).join())).isEqualTo(ErrorCode.ILLEGAL_INVISIBLE_TIME);
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void startAtEndMovesTheGroupToTheEndOfTheQueuesWhereItHasNoOffsetAndLeavesTheOthers() {
        broker.answerBody(RequestCode.GET_ROUTEINFO_BY_TOPIC, """
                {"queueDatas":[{"brokerName":"broker-a","readQueueNums":2,"writeQueueNums":2,"perm":6},
                  {"brokerName":"broker-b","readQueueNums":1,"writeQueueNums":1,"perm":6},
                  {"brokerName":"broker-c","readQueueNums":4,"writeQueueNums":4,"perm":2}],
                 "brokerDatas":[]}
                """);
        broker.on(RequestCode.QUERY_CONSUMER_OFFSET, request -> request.extField("queueId").equals("0")
                        && request.extField("bname").equals("broker-a")
                ? RemotingCommand.errorResponse(request, ResponseCode.QUERY_NOT_FOUND, "Not found")
                : RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("offset", 3).build());
        broker.on(RequestCode.GET_MAX_OFFSET, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("offset", 17).build());

        messaging.startAtEnd(context, "mqtt_watcher", "orders").join();

        assertThat(broker.commands(RequestCode.QUERY_CONSUMER_OFFSET))
                .as("every readable queue of every broker, named by its broker")
                .extracting(query -> query.extField("bname") + "/" + query.extField("queueId"))
                .containsExactlyInAnyOrder("broker-a/0", "broker-a/1", "broker-b/0");
        assertThat(broker.commands(RequestCode.QUERY_CONSUMER_OFFSET)).allSatisfy(query -> assertThat(query.extFields())
                .containsEntry("consumerGroup", "mqtt_watcher").containsEntry("setZeroIfNotFound", "false"));
        assertThat(broker.only(RequestCode.GET_MAX_OFFSET).extFields()).containsEntry("topic", "orders")
                .containsEntry("queueId", "0").containsEntry("bname", "broker-a");
        assertThat(broker.only(RequestCode.UPDATE_CONSUMER_OFFSET).extFields()).containsEntry("consumerGroup", "mqtt_watcher")
                .containsEntry("topic", "orders").containsEntry("queueId", "0").containsEntry("commitOffset", "17")
                .containsEntry("bname", "broker-a");
    }

    @Test
    void startAtEndOfATopicThatDoesNotExistFailsWithTopicNotFound() {
        broker.refuse(RequestCode.GET_ROUTEINFO_BY_TOPIC, ResponseCode.TOPIC_NOT_EXIST, "No topic nowhere");

        assertThat(refusal(() -> messaging.startAtEnd(context, "mqtt_watcher", "nowhere").join()))
                .isEqualTo(ErrorCode.TOPIC_NOT_FOUND);
        assertThat(broker.commands(RequestCode.UPDATE_CONSUMER_OFFSET)).isEmpty();
    }

    @Test
    void aReadIsAPullWithItsOwnSubscriptionThatCommitsNothingAndAnswersTheMessagesWithoutReceipts() {
        broker.on(RequestCode.PULL_MESSAGE, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("nextBeginOffset", 7).extField("minOffset", 0).extField("maxOffset", 9)
                .body(concat(PopAnswers.record("retained", 0, 5, 900, "retain", 0),
                        PopAnswers.record("retained", 0, 6, 1000, "clear", 0)))
                .build());

        QueueRead read = messaging.read(context, "retained", 0, 5, 2).join();

        assertThat(broker.only(RequestCode.PULL_MESSAGE).extFields()).containsEntry("topic", "retained")
                .containsEntry("queueId", "0").containsEntry("queueOffset", "5").containsEntry("maxMsgNums", "2")
                .containsEntry("sysFlag", "4").containsEntry("subscription", "*")
                .containsEntry("suspendTimeoutMillis", "0").containsEntry("consumerGroup", "wharf_queue_reader");
        assertThat(read.messages()).extracting(Delivery::queueOffset, Delivery::tag, Delivery::receiptHandle)
                .containsExactly(tuple(5L, "retain", null), tuple(6L, "clear", null));
        assertThat(read.messages().get(0).body()).isEqualTo(bytes("body-5"));
        assertThat(read.nextOffset()).isEqualTo(7);
        assertThat(read.atEnd()).isFalse();
    }

    @Test
    void aReadAtTheEndOrOutOfRangeIsEmptyAndMovesToTheOffsetTheBrokerNames() {
        broker.on(RequestCode.PULL_MESSAGE, request -> RemotingCommand.responseTo(request,
                        request.extField("queueOffset").equals("0") ? ResponseCode.PULL_OFFSET_MOVED
                                : ResponseCode.PULL_NOT_FOUND)
                .extField("nextBeginOffset", 4).extField("minOffset", 4).extField("maxOffset", 4)
                .build());

        QueueRead trimmed = messaging.read(context, "retained", 0, 0, 32).join();
        QueueRead end = messaging.read(context, "retained", 0, 4, 32).join();

        assertThat(trimmed.messages()).isEmpty();
        assertThat(trimmed.nextOffset()).isEqualTo(4);
        assertThat(end.messages()).isEmpty();
        assertThat(end.atEnd()).isTrue();
    }

    @Test
    void aReadIsCheckedBeforeTheBrokerIsAskedAndARefusalKeepsItsCode() {
        assertThat(refusal(() -> messaging.read(context, "retained", 0, 0, 33).join())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> messaging.read(context, "retained", 0, -1, 1).join())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refusal(() -> messaging.read(context, "bad topic", 0, 0, 1).join()))
                .isEqualTo(ErrorCode.ILLEGAL_TOPIC);
        assertThat(broker.received()).isEmpty();

        broker.refuse(RequestCode.PULL_MESSAGE, ResponseCode.TOPIC_NOT_EXIST, "topic[nowhere] not exist");
        assertThat(refusal(() -> messaging.read(context, "nowhere", 0, 0, 1).join()))
                .isEqualTo(ErrorCode.TOPIC_NOT_FOUND);
    }

    @Test
    void createTopicIfAbsentCreatesAMissingTopicAsANormalOneWithItsQueues() {
        broker.refuse(RequestCode.GET_TOPIC_CONFIG, ResponseCode.TOPIC_NOT_EXIST, "No topic retained");

        messaging.createTopicIfAbsent(context, "retained", 1).join();

        assertThat(broker.only(RequestCode.UPDATE_AND_CREATE_TOPIC).extFields()).containsEntry("topic", "retained")
                .containsEntry("readQueueNums", "1").containsEntry("writeQueueNums", "1")
                .containsEntry("attributes", "+message.type=NORMAL");
    }

    @Test
    void createTopicIfAbsentLeavesAnExistingTopicAsItIs() {
        broker.answerBody(RequestCode.GET_TOPIC_CONFIG, "{\"topicName\":\"retained\",\"readQueueNums\":4,\"writeQueueNums\":4}");

        messaging.createTopicIfAbsent(context, "retained", 1).join();

        assertThat(broker.commands(RequestCode.UPDATE_AND_CREATE_TOPIC)).isEmpty();
        assertThat(refusal(() -> messaging.createTopicIfAbsent(context, "retained", 0).join()))
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    private static ReceiveRequest receive(Duration invisible) {
        return new ReceiveRequest("billing", "orders", "*", 1, invisible, Duration.ZERO);
    }

    private static ErrorCode refusal(Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            return MessagingException.errorOf(e).code();
        }
        throw new AssertionError("expected a refusal");
    }

    private static List<ErrorCode> codes(List<PublishResult> results) {
        return results.stream().map(result -> ((PublishResult.Refused) result).error().code()).toList();
    }

    private static byte[] concat(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] record : records) {
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
