package dev.wharf.gateway.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a plugin's class loader takes from the gateway and what from the plugin's own jars. */
class PluginClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aNettyClassTheGatewayHasIsTheGatewaysAndOneItLacksComesFromThePluginsJar() throws Exception {
        Path jar = PluginJars.jar(dir.resolve("bundled-netty-module.jar"), List.of("""
                package io.netty.handler.codec.notshipped;

                public final class BundledCodec {}
                """), List.of());

        try (PluginClassLoader loader = new PluginClassLoader("bundled-netty-module.jar",
                new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(loader.loadClass(Channel.class.getName())).isSameAs(Channel.class);
            Class<?> bundled = loader.loadClass("io.netty.handler.codec.notshipped.BundledCodec");
            assertThat(bundled.getClassLoader()).isSameAs(loader);
            assertThat(loader.getResource("io/netty/handler/codec/notshipped/BundledCodec.class")).isNotNull();
        }
    }

    @Test
    void aClassNeitherHasIsNotFound() throws IOException {
        try (PluginClassLoader loader = new PluginClassLoader("empty", new URL[0], getClass().getClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.netty.nowhere.Missing"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }
}
