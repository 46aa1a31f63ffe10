package dev.wharf.gateway.config;

/**
 * The configuration cannot be used. The message starts with the key's full path, so the user knows
 * which line to fix: {@code store.flush: must be one of async, sync; got 'fast'}.
 *
 * <pre>{@code
 * try {
 *     config = GatewayConfigReader.read(file);
 * } catch (ConfigException e) {
 *     System.err.println(file + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The key's path, such as {@code listeners[0].port}; empty for the document as a whole. */
    public String path() {
        return path;
    }
}
