package dev.wharf.transport.spi.messaging;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ServerConfig;
import java.time.Clock;

/**
 * Makes the {@link MessagingService} of one listener. The gateway installs its implementation in the
 * {@link dev.wharf.transport.spi.TransportContext} (Wharf's is the messaging-commands module), so a plugin
 * needs nothing but this SPI; transports ask the context, not the factory.
 *
 * <pre>{@code
 * TransportContext context = TransportContext.builder()
 *         .messagingFactory(new CommandMessagingFactory())
 *         .build();
 * MessagingService messaging = context.messaging(processors, serverConfig);
 * }</pre>
 */
@FunctionalInterface
public interface MessagingFactory {

    /**
     * A messaging service whose commands go to {@code processors}, checking publications against the limits in
     * {@code config} (the broker's {@code maxBodySize} and {@code maxDeliveryDelay} the gateway passes to every
     * listener).
     */
    MessagingService create(ProcessorTable processors, ServerConfig config, Clock clock);
}
