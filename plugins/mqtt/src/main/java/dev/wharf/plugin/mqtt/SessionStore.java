package dev.wharf.plugin.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of a listener by client id: the connection each one is on now, and the persistent sessions
 * kept for clients that went away. In memory only.
 */
final class SessionStore {

    private final Map<String, Session> persistent = new ConcurrentHashMap<>();
    private final Map<String, MqttSessionHandler> connected = new ConcurrentHashMap<>();

    /**
     * The session a CONNECT opens: a persistent one resumes what was kept for the client id, a clean one
     * starts empty and discards it (MQTT-3.1.2-6).
     */
    Session open(String clientId, boolean clean) {
        if (clean) {
            persistent.remove(clientId);
            return new Session(clientId, true);
        }
        return persistent.computeIfAbsent(clientId, id -> new Session(id, false));
    }

    /** Whether a persistent session was kept for the client id. */
    boolean hasPersistent(String clientId) {
        return persistent.containsKey(clientId);
    }

    /** Makes {@code handler} the client id's connection; answers the one it replaces, to be closed (MQTT-3.1.4-2). */
    MqttSessionHandler attach(String clientId, MqttSessionHandler handler) {
        return connected.put(clientId, handler);
    }

    /** Forgets {@code handler} as the client id's connection unless another one took its place already. */
    void detach(String clientId, MqttSessionHandler handler) {
        connected.remove(clientId, handler);
    }
}
