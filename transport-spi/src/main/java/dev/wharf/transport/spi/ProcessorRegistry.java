package dev.wharf.transport.spi;

import java.util.concurrent.Executor;

/**
 * Where processors are registered, per request code, each with the executor it runs on.
 *
 * <p>Giving each class of work its own bounded executor is what keeps one flood from starving the
 * rest: when an executor is full the request is answered {@link ResponseCode#SYSTEM_BUSY}, never
 * dropped.
 *
 * <pre>{@code
 * registry.registerProcessor(RequestCode.SEND_MESSAGE_V2, sendProcessor, sendExecutor);
 * registry.registerDefaultProcessor(forwarder, forwardExecutor);
 * }</pre>
 */
public interface ProcessorRegistry {

    /** Serves {@code code} with {@code processor} on {@code executor}; a later registration replaces it. */
    void registerProcessor(int code, RequestProcessor processor, Executor executor);

    /** Serves every code that has no processor of its own. */
    void registerDefaultProcessor(RequestProcessor processor, Executor executor);
}
