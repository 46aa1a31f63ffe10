package dev.wharf.messaging;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.ServerConfig;
import dev.wharf.transport.spi.messaging.MessagingFactory;
import dev.wharf.transport.spi.messaging.MessagingService;
import java.time.Clock;

/**
 * Makes a {@link CommandMessaging} per listener, checking publications against the listener's limits
 * ({@link PublicationChecks#from}). The gateway installs it in its {@code TransportContext}; it is also
 * registered with {@link java.util.ServiceLoader}, so a context built without one finds it on the class path.
 */
public final class CommandMessagingFactory implements MessagingFactory {

    @Override
    public MessagingService create(ProcessorTable processors, ServerConfig config, Clock clock) {
        return new CommandMessaging(processors, PublicationChecks.from(config), clock);
    }
}
