package dev.wharf.compat.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.MessagingServiceGrpc;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shaded SDK carries its own {@code apache.rocketmq.v2} classes, compiled against its relocated protobuf;
 * {@code org.apache.rocketmq:rocketmq-proto} has the same class names. With both on the class path, whichever
 * comes first wins and the SDK breaks in odd ways, so this module must never get the latter.
 */
class SdkClassPathTest {

    @Test
    void theProtocolClassesOnTheClassPathAreOnlyTheSdksOwn() throws Exception {
        String resource = MessagingServiceGrpc.class.getName().replace('.', '/') + ".class";

        List<URL> copies = Collections.list(getClass().getClassLoader().getResources(resource));

        assertThat(copies).singleElement().asString().contains("rocketmq-client-java");
    }
}
