package dev.wharf.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * Drains a topic with the 5.x SDK's {@link PushConsumer}: the SDK receives, caches, hands each message to the
 * listener on its consumption threads and acknowledges it; the listener only counts. Runs until the backlog is
 * gone, the expected count arrived, or the duration is up.
 */
final class PushConsumerDrain {

    private final GrpcConsumeSettings settings;

    PushConsumerDrain(GrpcConsumeSettings settings) {
        this.settings = settings;
    }

    /** Runs the drain to completion and summarises the measured window. */
    ConsumeReport run() throws ClientException, IOException, InterruptedException {
        Arrivals arrivals = new Arrivals(settings.limits());
        PushConsumer consumer = ClientServiceProvider.loadService().newPushConsumerBuilder()
                .setClientConfiguration(GrpcClients.configuration(settings.target(), settings.requestTimeout()))
                .setConsumerGroup(settings.consumerGroup())
                .setSubscriptionExpressions(Map.of(settings.target().topic(), FilterExpression.SUB_ALL))
                .setConsumptionThreadCount(settings.threads())
                .setMessageListener(message -> {
                    arrivals.record(List.of(message), GrpcClients::bodyBytes, MessageView::getBornTimestamp);
                    return ConsumeResult.SUCCESS;
                })
                .build();
        try {
            arrivals.awaitOver();
        } finally {
            consumer.close();
        }
        return new ConsumeReport(settings, arrivals.result());
    }
}
