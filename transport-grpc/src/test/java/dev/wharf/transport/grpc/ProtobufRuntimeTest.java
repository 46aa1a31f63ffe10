package dev.wharf.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Resource;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The published rocketmq-proto stubs run on the pinned protobuf runtime without its old-gencode warning. */
class ProtobufRuntimeTest {

    @Test
    void rocketmqProtoTypesLoadWithoutTheOldGencodeWarning() throws Exception {
        byte[] encoded = Resource.newBuilder().setName("orders").build().toByteArray();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler recorder = warningRecorder(warnings);
        Logger protobuf = Logger.getLogger("com.google.protobuf");
        protobuf.addHandler(recorder);
        // A class loader of its own: the runtime warns once per type and JVM, and other tests may have
        // loaded the type already.
        try (URLClassLoader isolated = new URLClassLoader(
                new URL[] {jarOf(Resource.class), jarOf(com.google.protobuf.Message.class)},
                ClassLoader.getPlatformClassLoader())) {
            Object parsed = isolated.loadClass(Resource.class.getName())
                    .getMethod("parseFrom", byte[].class)
                    .invoke(null, (Object) encoded);

            assertThat(parsed.toString()).contains("orders");
        } finally {
            protobuf.removeHandler(recorder);
        }
        assertThat(warnings).isEmpty();
    }

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Handler warningRecorder(List<String> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }
}
