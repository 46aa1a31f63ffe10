package dev.wharf.transport.http2.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.messaging.CommandMessaging;
import dev.wharf.messaging.PublicationChecks;
import dev.wharf.messaging.admin.Admin;
import dev.wharf.transport.http2.HttpOptions;
import dev.wharf.transport.http2.api.Router;
import dev.wharf.transport.spi.MetricsExposition;
import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ServerConfig;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document describes every route the router knows, with its method. */
class OpenApiDocumentTest {

    @Test
    void describesEveryRoute() throws Exception {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0);
        ProcessorTable processors = new ProcessorTable();
        Router router = ApiRoutes.of(new CommandMessaging(processors, PublicationChecks.from(config), Clock.systemUTC()),
                new Admin(processors), HttpOptions.from(config), MetricsExposition.notExported());
        JsonNode document;
        try (InputStream in = getClass().getResourceAsStream(SystemEndpoints.OPENAPI_RESOURCE)) {
            document = new ObjectMapper().readTree(in);
        }

        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(router.routes()).isNotEmpty().allSatisfy(route -> assertThat(document.path("paths")
                .path(route.template()).has(route.method().name().toLowerCase(Locale.ROOT)))
                .as(route.method() + " " + route.template()).isTrue());
        int documented = 0;
        for (JsonNode path : document.path("paths")) {
            documented += path.size();
        }
        assertThat(documented).as("operations in the document").isEqualTo(router.routes().size());
    }
}
