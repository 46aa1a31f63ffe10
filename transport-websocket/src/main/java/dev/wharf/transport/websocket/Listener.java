package dev.wharf.transport.websocket;

import dev.wharf.transport.spi.messaging.MessagingService;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every connection of one WebSocket listener shares.
 *
 * @param options the listener's settings
 * @param messaging the translation into broker commands, on the listener's processors
 * @param pool the bounded business pool broker requests run on
 * @param tokens the tokens that open a connection
 * @param clock the transport's clock
 */
record Listener(WebSocketServerOptions options, MessagingService messaging, Executor pool, AccessTokens tokens, Clock clock) {

    Listener(WebSocketServerOptions options, MessagingService messaging, Executor pool, Clock clock) {
        this(options, messaging, pool, new AccessTokens(options.tokens()), clock);
    }
}
