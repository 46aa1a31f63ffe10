package dev.wharf.transport.http2.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final ApiHandler NONE = request -> null;

    private final Router router = new Router()
            .add(HttpMethod.GET, "/v1/topics/{topic}", NONE)
            .add(HttpMethod.DELETE, "/v1/topics/{topic}", NONE)
            .add(HttpMethod.POST, "/v1/groups/{group}/topics/{topic}/ack", NONE);

    @Test
    void bindsDecodedPlaceholders() {
        Router.Match match = router.match(HttpMethod.POST, "/v1/groups/a%2Db/topics/%25RETRY%25x/ack");

        assertThat(match).isInstanceOf(Router.Found.class);
        assertThat(((Router.Found) match).params()).isEqualTo(Map.of("group", "a-b", "topic", "%RETRY%x"));
    }

    @Test
    void takesUnencodedPercentSignsAsWritten() {
        Router.Match match = router.match(HttpMethod.GET, "/v1/topics/%RETRY%orders");

        assertThat(((Router.Found) match).params()).containsEntry("topic", "%RETRY%orders");
    }

    @Test
    void toleratesATrailingSlash() {
        assertThat(router.match(HttpMethod.GET, "/v1/topics/orders/")).isInstanceOf(Router.Found.class);
    }

    @Test
    void tellsAWrongMethodFromAnUnknownPath() {
        assertThat(router.match(HttpMethod.PUT, "/v1/topics/orders"))
                .isEqualTo(new Router.MethodNotAllowed(java.util.Set.of(HttpMethod.GET, HttpMethod.DELETE)));
        assertThat(router.match(HttpMethod.GET, "/v1/topics")).isInstanceOf(Router.NotFound.class);
        assertThat(router.match(HttpMethod.GET, "/v1/topics//")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void refusesTheSameRouteTwice() {
        assertThatThrownBy(() -> router.add(HttpMethod.GET, "/v1/topics/{topic}", NONE))
                .hasMessageContaining("already registered");
    }
}
