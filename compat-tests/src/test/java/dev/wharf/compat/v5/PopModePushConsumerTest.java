package dev.wharf.compat.v5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.Deliveries;
import dev.wharf.compat.support.Delivery;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.SharedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rocketmq-client 5.5.0's {@link DefaultMQPushConsumer} with client rebalance off, its group switched to
 * POP by {@code mqadmin setConsumeMode}'s call: the broker assigns queue -1 in POP mode and the consumer
 * pops and acks.
 */
class PopModePushConsumerTest {

    private static final long ADMIN_TIMEOUT_MILLIS = 5_000;

    @RegisterExtension
    static final SharedServer server = SharedServer.with(ServerSettings.defaults());

    @RegisterExtension
    final Clients clients = new Clients();

    private DefaultMQAdminExt admin;

    @BeforeEach
    void startAdmin() throws MQClientException {
        admin = new DefaultMQAdminExt(ADMIN_TIMEOUT_MILLIS);
        admin.setNamesrvAddr(server.nameServerAddress());
        admin.setInstanceName(Names.unique("admin"));
        admin.start();
    }

    @AfterEach
    void stopAdmin() {
        admin.shutdown();
    }

    @Test
    void aPopModeConsumerReceivesEveryMessageThroughPops() throws Exception {
        String topic = Names.unique("PopMode");
        String group = Names.unique("GID_pop");
        DefaultMQProducer producer = clients.startedProducer(server.nameServerAddress());
        List<String> sentIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sentIds.add(producer.send(Payload.named("TagA", "pop-" + i).toMessage(topic)).getMsgId());
        }
        String broker = admin.examineTopicRouteInfo(topic).getBrokerDatas().get(0).getBrokerAddrs().get(MixAll.MASTER_ID);
        SubscriptionGroupConfig groupConfig = new SubscriptionGroupConfig();
        groupConfig.setGroupName(group);
        admin.createAndUpdateSubscriptionGroupConfig(broker, groupConfig);
        admin.setMessageRequestMode(broker, topic, group, MessageRequestMode.POP, 0, ADMIN_TIMEOUT_MILLIS);

        Deliveries deliveries = new Deliveries();
        Set<String> receipts = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = clients.pushConsumer(server.nameServerAddress(), group);
        consumer.setClientRebalance(false);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(message -> receipts.add(message.getProperty(MessageConst.PROPERTY_POP_CK)));
            deliveries.addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        List<Delivery> delivered = deliveries.awaitAtLeast(sentIds.size(), "20 messages popped");
        assertThat(delivered).extracting(Delivery::msgId).containsExactlyInAnyOrderElementsOf(sentIds);
        assertThat(delivered).extracting(Delivery::topic).containsOnly(topic);
        assertThat(receipts).hasSize(sentIds.size()).doesNotContainNull();
    }
}
