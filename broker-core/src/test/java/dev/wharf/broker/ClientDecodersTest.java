package dev.wharf.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.GroupList;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicList;
import org.apache.rocketmq.remoting.protocol.header.GetConsumerListByGroupResponseBody;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.statictopic.TopicConfigAndQueueMapping;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every body the broker writes, decoded by the official client's own classes with both JSON libraries it
 * uses (fastjson in 4.9.x, fastjson2 in 5.x); and the client's own encodings of request bodies, accepted.
 */
class ClientDecodersTest extends BrokerTestBase {

    @BeforeEach
    void createTopics() {
        broker.broker().topics().create("orders", 2, TopicMessageType.FIFO);
        broker.call(Requests.sendV2("orders", 0, "a", null));
        broker.call(Requests.sendV2("orders", 0, "b", null));
        broker.call(Requests.updateOffset("billing", "orders", 0, 1));
        broker.call(clientHeartbeat());
    }

    @Test
    void routeDecodes() {
        for (TopicRouteData route : decodeBoth(body(Requests.route("orders")), TopicRouteData.class)) {
            assertThat(route.getBrokerDatas()).singleElement().satisfies(data -> {
                assertThat(data.getBrokerName()).isEqualTo("broker-a");
                assertThat(data.getCluster()).isEqualTo("DefaultCluster");
                assertThat(data.getBrokerAddrs()).containsEntry(0L, "127.0.0.1:8080");
            });
            assertThat(route.getQueueDatas()).singleElement().satisfies(queues -> {
                assertThat(queues.getPerm()).isEqualTo(6);
                assertThat(queues.getWriteQueueNums()).isEqualTo(2);
            });
            assertThat(route.getOrderTopicConf()).isNull();
        }
    }

    @Test
    void routeOfAnOrderedTopicDecodesWithItsOrderTopicConf() {
        broker.call(KvConfigTest.put("ORDER_TOPIC_CONFIG", "orders", "broker-a:2"));

        for (TopicRouteData route : decodeBoth(body(Requests.route("orders")), TopicRouteData.class)) {
            assertThat(route.getOrderTopicConf()).isEqualTo("broker-a:2");
        }
    }

    @Test
    void topicConfigDecodesAsTopicConfigAndQueueMapping() {
        for (TopicConfigAndQueueMapping config : decodeBoth(body(AdminCommandsTest.getTopicConfig("orders")),
                TopicConfigAndQueueMapping.class)) {
            assertThat(config.getTopicName()).isEqualTo("orders");
            assertThat(config.getReadQueueNums()).isEqualTo(2);
            assertThat(config.getWriteQueueNums()).isEqualTo(2);
            assertThat(config.getPerm()).isEqualTo(6);
            assertThat(config.getAttributes()).containsEntry("message.type", "FIFO");
            assertThat(config.getMappingDetail()).isNull();
        }
    }

    @Test
    void kvListDecodesAsKvTable() {
        broker.call(KvConfigTest.put("ORDER_TOPIC_CONFIG", "orders", "broker-a:2"));

        for (KVTable table : decodeBoth(body(KvConfigTest.list("ORDER_TOPIC_CONFIG")), KVTable.class)) {
            assertThat(table.getTable()).containsExactly(Map.entry("orders", "broker-a:2"));
        }
    }

    @Test
    void topicStatsDecodeWithQueueKeys() {
        for (TopicStatsTable stats : decodeBoth(body(topicRequest(RequestCode.GET_TOPIC_STATS_INFO, "orders")),
                TopicStatsTable.class)) {
            assertThat(stats.getOffsetTable()).hasSize(2);
            TopicOffset first = stats.getOffsetTable().get(new MessageQueue("orders", "broker-a", 0));
            assertThat(first.getMinOffset()).isZero();
            assertThat(first.getMaxOffset()).isEqualTo(2);
            assertThat(first.getLastUpdateTimestamp()).isPositive();
        }
    }

    @Test
    void consumeStatsDecodeWithQueueKeys() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUME_STATS)
                .extField("consumerGroup", "billing").build();
        for (ConsumeStats stats : decodeBoth(body(request), ConsumeStats.class)) {
            OffsetWrapper first = stats.getOffsetTable().get(new MessageQueue("orders", "broker-a", 0));
            assertThat(first.getBrokerOffset()).isEqualTo(2);
            assertThat(first.getConsumerOffset()).isEqualTo(1);
            assertThat(first.getLastTimestamp()).isPositive();
            assertThat(stats.computeTotalDiff()).isEqualTo(1);
        }
    }

    @Test
    void clusterInfoDecodes() {
        for (ClusterInfo info : decodeBoth(body(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build()),
                ClusterInfo.class)) {
            assertThat(info.retrieveAllClusterNames()).containsExactly("DefaultCluster");
            assertThat(info.retrieveAllAddrByCluster("DefaultCluster")).containsExactly("127.0.0.1:8080");
        }
    }

    @Test
    void topicAndGroupTablesDecode() {
        for (TopicConfigSerializeWrapper topics : decodeBoth(
                body(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG).build()), TopicConfigSerializeWrapper.class)) {
            org.apache.rocketmq.common.TopicConfig orders = topics.getTopicConfigTable().get("orders");
            assertThat(orders.getReadQueueNums()).isEqualTo(2);
            assertThat(orders.getPerm()).isEqualTo(6);
            assertThat(orders.getAttributes()).containsEntry("message.type", "FIFO");
            assertThat(topics.getDataVersion().getCounter().get()).isPositive();
        }
        for (SubscriptionGroupWrapper groups : decodeBoth(
                body(RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG).build()),
                SubscriptionGroupWrapper.class)) {
            SubscriptionGroupConfig billing = groups.getSubscriptionGroupTable().get("billing");
            assertThat(billing.getRetryMaxTimes()).isEqualTo(16);
            assertThat(billing.isConsumeEnable()).isTrue();
        }
    }

    @Test
    void listsDecode() {
        for (TopicList topics : decodeBoth(body(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)
                .build()), TopicList.class)) {
            assertThat(topics.getTopicList()).contains("orders", "TBW102", "%RETRY%billing");
        }
        for (TopicList topics : decodeBoth(body(RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER)
                .extField("cluster", "DefaultCluster").build()), TopicList.class)) {
            assertThat(topics.getTopicList()).contains("orders");
        }
        for (GroupList groups : decodeBoth(body(topicRequest(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, "orders")),
                GroupList.class)) {
            assertThat(groups.getGroupList()).containsExactly("billing");
        }
        for (GetConsumerListByGroupResponseBody ids : decodeBoth(body(RemotingCommand.request(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP).extField("consumerGroup", "billing").build()),
                GetConsumerListByGroupResponseBody.class)) {
            assertThat(ids.getConsumerIdList()).containsExactly("10.0.0.9@4711");
        }
    }

    @Test
    void consumerConnectionDecodes() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .extField("consumerGroup", "billing").build();
        for (ConsumerConnection connection : decodeBoth(body(request), ConsumerConnection.class)) {
            assertThat(connection.getConnectionSet()).singleElement().satisfies(member -> {
                assertThat(member.getClientId()).isEqualTo("10.0.0.9@4711");
                assertThat(member.getLanguage().name()).isEqualTo("JAVA");
                assertThat(member.getVersion()).isEqualTo(479);
            });
            assertThat(connection.getConsumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
            assertThat(connection.getMessageModel()).isEqualTo(MessageModel.CLUSTERING);
            assertThat(connection.getConsumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            assertThat(connection.getSubscriptionTable().get("orders").getSubString()).isEqualTo("TagA || TagB");
        }
    }

    @Test
    void runtimeInfoHasWhatClusterListReads() {
        for (KVTable table : decodeBoth(body(RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO).build()),
                KVTable.class)) {
            assertThat(table.getTable()).containsKeys("brokerVersionDesc", "putTps", "getTransferredTps",
                    "msgPutTotalTodayNow", "msgGetTotalTodayNow", "commitLogDiskRatio", "brokerActive");
            assertThat(Long.parseLong(table.getTable().get("msgPutTotalTodayNow"))).isEqualTo(2);
            assertThat(Double.parseDouble(table.getTable().get("putTps").split(" ")[0])).isNotNegative();
        }
    }

    @Test
    void theClientsLockBodyIsAcceptedAndItsAnswerDecodes() {
        LockBatchRequestBody lock = new LockBatchRequestBody();
        lock.setConsumerGroup("billing");
        lock.setClientId("10.0.0.9@4711");
        lock.setMqSet(Set.of(new MessageQueue("orders", "broker-a", 0), new MessageQueue("orders", "broker-a", 1)));
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ).body(lock.encode()).build();

        for (LockBatchResponseBody locked : decodeBoth(body(request), LockBatchResponseBody.class)) {
            assertThat(locked.getLockOKMQSet()).containsExactlyInAnyOrder(
                    new MessageQueue("orders", "broker-a", 0), new MessageQueue("orders", "broker-a", 1));
        }
    }

    @Test
    void theClientsGroupConfigBodyCreatesTheGroup() {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("orderly");
        config.setConsumeMessageOrderly(true);
        config.setRetryMaxTimes(3);
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(com.alibaba.fastjson2.JSON.toJSONBytes(config)).build();

        assertThat(broker.call(request).code()).isEqualTo(ResponseCode.SUCCESS);

        assertThat(broker.broker().groups().get("orderly")).hasValueSatisfying(group -> {
            assertThat(group.consumeMessageOrderly()).isTrue();
            assertThat(group.retryMaxTimes()).isEqualTo(3);
            assertThat(group.retryQueueNums()).isEqualTo(1);
        });
    }

    /** The client's own HeartbeatData, encoded by its own serializer. */
    private static RemotingCommand clientHeartbeat() {
        SubscriptionData subscription = new SubscriptionData("orders", "TagA || TagB");
        subscription.setTagsSet(Set.of("TagA", "TagB"));
        subscription.setCodeSet(Set.of("TagA".hashCode(), "TagB".hashCode()));
        ConsumerData consumer = new ConsumerData();
        consumer.setGroupName("billing");
        consumer.setConsumeType(ConsumeType.CONSUME_PASSIVELY);
        consumer.setMessageModel(MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setSubscriptionDataSet(Set.of(subscription));
        HeartbeatData heartbeat = new HeartbeatData();
        heartbeat.setClientID("10.0.0.9@4711");
        heartbeat.getConsumerDataSet().add(consumer);
        return RemotingCommand.request(RequestCode.HEART_BEAT).version(479).body(heartbeat.encode()).build();
    }

    private static RemotingCommand topicRequest(int code, String topic) {
        return RemotingCommand.request(code).extField("topic", topic).build();
    }

    private byte[] body(RemotingCommand request) {
        RemotingCommand answer = broker.call(request);
        assertThat(answer.code()).as("answer to %s: %s", request, answer.remark()).isEqualTo(ResponseCode.SUCCESS);
        return answer.body();
    }

    /** The body decoded as 5.x clients do (fastjson2) and as 4.9.x clients do (fastjson). */
    private static <T> List<T> decodeBoth(byte[] body, Class<T> type) {
        T byFastjson2 = com.alibaba.fastjson2.JSON.parseObject(body, type);
        T byFastjson = com.alibaba.fastjson.JSON.parseObject(new String(body, StandardCharsets.UTF_8), type);
        assertThat(byFastjson2).as("fastjson2").isNotNull();
        assertThat(byFastjson).as("fastjson").isNotNull();
        return List.of(byFastjson2, byFastjson);
    }
}
