package dev.wharf.gateway.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where transport plugins are found.
 *
 * <pre>{@code
 * plugins:
 *   path: ./plugins
 * }</pre>
 *
 * @param path the plugin folder: each jar in it, and each sub-folder of jars, is one plugin with a class loader
 *     of its own; a folder that does not exist means no plugins. Relative paths start at the working directory.
 */
public record PluginSettings(Path path) {

    /** {@code ./plugins}, beside {@code ./data}. */
    public static final Path DEFAULT_PATH = Path.of("./plugins");

    public PluginSettings {
        Objects.requireNonNull(path, "path");
    }

    public static PluginSettings defaults() {
        return new PluginSettings(DEFAULT_PATH);
    }
}
