package dev.wharf.gateway.cli;

import dev.wharf.broker.topic.TopicMessageType;
import dev.wharf.messaging.admin.AdminRequests;
import dev.wharf.messaging.admin.AdminResponses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wharf topic create|list|delete}: topic administration on a running gateway. */
@Command(name = "topic", description = "Create, list and delete topics on a running gateway.")
final class TopicCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Create a topic, or change the queue count and type of one.")
    int create(
            @Parameters(paramLabel = "NAME", description = "The topic.") String topic,
            @Option(names = "--queues", paramLabel = "N", defaultValue = "4",
                    description = "Number of queues (default: ${DEFAULT-VALUE}).") int queues,
            @Option(names = "--type", paramLabel = "TYPE", defaultValue = "NORMAL",
                    description = "Message type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
                    TopicMessageType type,
            @Mixin AdminOptions gateway) {
        try (AdminClient client = AdminClient.connect(gateway)) {
            client.call("create topic " + topic, AdminRequests.createTopic(topic, queues, type.name()));
        }
        spec.commandLine().getOut().printf("Created topic %s: %d queues, %s messages%n", topic, queues, type);
        return 0;
    }

    @Command(name = "list", description = "List the topics, one per line.")
    int list(@Mixin AdminOptions gateway) {
        try (AdminClient client = AdminClient.connect(gateway)) {
            AdminResponses.topicNames(client.call("list topics", AdminRequests.listTopics()))
                    .forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete a topic and its messages' index.")
    int delete(@Parameters(paramLabel = "NAME", description = "The topic.") String topic, @Mixin AdminOptions gateway) {
        try (AdminClient client = AdminClient.connect(gateway)) {
            client.call("delete topic " + topic, AdminRequests.deleteTopicInBroker(topic));
            client.call("delete topic " + topic, AdminRequests.deleteTopicFromNameServer(topic));
        }
        spec.commandLine().getOut().printf("Deleted topic %s%n", topic);
        return 0;
    }
}
