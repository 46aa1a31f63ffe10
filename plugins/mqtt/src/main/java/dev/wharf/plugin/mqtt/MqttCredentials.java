package dev.wharf.plugin.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may connect, from the listener's {@code users} ({@code username:password} pairs) and {@code tokens}
 * (passwords accepted with any username), as the HTTP and WebSocket listeners' {@code tokens} work. With
 * neither configured every client connects. Compared in constant time, so timing tells nothing.
 */
final class MqttCredentials {

    private final List<byte[]> users;
    private final List<byte[]> tokens;

    MqttCredentials(List<String> users, List<String> tokens) {
        this.users = users.stream().map(MqttCredentials::bytes).toList();
        this.tokens = tokens.stream().map(MqttCredentials::bytes).toList();
    }

    /**
     * {@code CONNECTION_ACCEPTED}; {@code NOT_AUTHORIZED} (5) when credentials are required and the client sent
     * none; {@code BAD_USER_NAME_OR_PASSWORD} (4) when the ones it sent are not accepted.
     */
    MqttConnectReturnCode check(String username, byte[] password) {
        if (users.isEmpty() && tokens.isEmpty()) {
            return MqttConnectReturnCode.CONNECTION_ACCEPTED;
        }
        if (password == null) {
            return MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        }
        boolean accepted = anyEquals(tokens, password);
        if (username != null) {
            byte[] pair = bytes(username + ":" + new String(password, StandardCharsets.UTF_8));
            accepted |= anyEquals(users, pair);
        }
        return accepted ? MqttConnectReturnCode.CONNECTION_ACCEPTED
                : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
    }

    private static boolean anyEquals(List<byte[]> known, byte[] offered) {
        boolean equal = false;
        for (byte[] candidate : known) {
            equal |= MessageDigest.isEqual(candidate, offered);
        }
        return equal;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
