package dev.wharf.plugin.mqtt;

import dev.wharf.transport.spi.messaging.MessagingService;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every connection of one MQTT listener shares.
 *
 * @param options the listener's options
 * @param messaging publish, receive and ack on the listener's processors
 * @param pool the bounded {@value MqttOptions#POOL_NAME} pool the broker operations start on
 * @param credentials who may connect
 * @param sessions the sessions by client id
 * @param retained the retained messages
 * @param clock the gateway's clock
 */
record MqttListener(MqttOptions options, MessagingService messaging, Executor pool, MqttCredentials credentials,
        SessionStore sessions, RetainedStore retained, Clock clock) {}
