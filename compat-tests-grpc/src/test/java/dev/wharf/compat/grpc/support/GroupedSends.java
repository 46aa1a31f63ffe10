package dev.wharf.compat.grpc.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * FIFO messages of a few message groups ({@code group-0}, {@code group-1}...), the groups interleaved, and each
 * group's bodies in order: what a FIFO consumer must give back group by group, whatever queues and brokers the
 * groups landed on.
 */
public final class GroupedSends {

    private GroupedSends() {}

    /**
     * Sends {@code count} messages to {@code topic}, message {@code i} in group {@code group-(i % groups)}.
     *
     * @return each group's bodies in send order
     */
    public static Map<String, List<String>> send(Producer producer, String topic, int count, int groups)
            throws Exception {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String messageGroup = "group-" + (i % groups);
            Content content = Content.named("TagA", messageGroup + "#" + i);
            producer.send(content.builder(topic).setMessageGroup(messageGroup).build());
            sent.computeIfAbsent(messageGroup, group -> new ArrayList<>()).add(content.body());
        }
        return sent;
    }

    /** Each message group's bodies in the order they were received. */
    public static Map<String, List<String>> byGroup(List<Received> received) {
        return received.stream().collect(Collectors.groupingBy(
                message -> message.view().getMessageGroup().orElse("no group"), LinkedHashMap::new,
                Collectors.mapping(message -> message.content().body(), Collectors.toList())));
    }
}
