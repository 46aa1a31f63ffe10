package dev.wharf.transport.spi.local;

import dev.wharf.transport.spi.ProcessorTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processor tables in this process, by the address the in-process client names them with.
 *
 * <pre>{@code
 * context.localEndpoints().bind("broker-a", brokerProcessors);
 * client.invoke("broker-a", request, timeout); // handed straight to brokerProcessors
 * }</pre>
 */
public final class LocalEndpoints {

    private final Map<String, ProcessorTable> tables = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException when another table is already bound to {@code address}
     */
    public void bind(String address, ProcessorTable table) {
        if (tables.putIfAbsent(address, table) != null) {
            throw new IllegalStateException("an in-process endpoint is already bound to " + address);
        }
    }

    public void unbind(String address) {
        tables.remove(address);
    }

    public Optional<ProcessorTable> lookup(String address) {
        return Optional.ofNullable(tables.get(address));
    }
}
