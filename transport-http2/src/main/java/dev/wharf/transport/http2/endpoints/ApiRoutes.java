package dev.wharf.transport.http2.endpoints;

import dev.wharf.messaging.admin.Admin;
import dev.wharf.transport.http2.HttpOptions;
import dev.wharf.transport.http2.api.Router;
import dev.wharf.transport.spi.MetricsExposition;
import dev.wharf.transport.spi.messaging.MessagingService;
import io.netty.handler.codec.http.HttpMethod;

/** Every route of the API, and the endpoint behind it. */
public final class ApiRoutes {

    private ApiRoutes() {}

    public static Router of(MessagingService messaging, Admin admin, HttpOptions options, MetricsExposition metrics) {
        PublishEndpoint publish = new PublishEndpoint(messaging, options.maxBatchMessages());
        ReceiveEndpoints receive = new ReceiveEndpoints(messaging);
        StreamEndpoint stream = new StreamEndpoint(messaging, options.heartbeat());
        AdminEndpoints topicsAndGroups = new AdminEndpoints(admin);
        SystemEndpoints system = new SystemEndpoints(metrics);
        String consumer = "/v1/groups/{group}/topics/{topic}";
        return new Router()
                .add(HttpMethod.POST, "/v1/topics/{topic}/messages", publish::publish)
                .add(HttpMethod.POST, consumer + "/receive", receive::receive)
                .add(HttpMethod.POST, consumer + "/ack", receive::ack)
                .add(HttpMethod.POST, consumer + "/nack", receive::nack)
                .add(HttpMethod.POST, consumer + "/invisible-time", receive::changeInvisibleTime)
                .add(HttpMethod.GET, consumer + "/stream", stream::stream)
                .add(HttpMethod.GET, "/v1/topics", topicsAndGroups::listTopics)
                .add(HttpMethod.POST, "/v1/topics", topicsAndGroups::createTopic)
                .add(HttpMethod.GET, "/v1/topics/{topic}", topicsAndGroups::describeTopic)
                .add(HttpMethod.DELETE, "/v1/topics/{topic}", topicsAndGroups::deleteTopic)
                .add(HttpMethod.GET, "/v1/groups", topicsAndGroups::listGroups)
                .add(HttpMethod.POST, "/v1/groups", topicsAndGroups::createGroup)
                .add(HttpMethod.DELETE, "/v1/groups/{group}", topicsAndGroups::deleteGroup)
                .add(HttpMethod.GET, "/v1/groups/{group}/offsets", topicsAndGroups::offsets)
                .add(HttpMethod.GET, "/health", system::health)
                .add(HttpMethod.GET, "/metrics", system::metrics)
                .add(HttpMethod.GET, "/v1/openapi.json", system::openApi);
    }
}
