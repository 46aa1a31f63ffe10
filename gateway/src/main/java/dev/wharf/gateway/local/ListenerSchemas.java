package dev.wharf.gateway.local;

import dev.wharf.gateway.config.ConfigException;
import dev.wharf.gateway.config.ListenerConfig;
import dev.wharf.transport.spi.OptionSpec;
import dev.wharf.transport.spi.TransportProvider;
import dev.wharf.transport.unified.UnifiedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a listener's {@code options} against what its protocols declare ({@link TransportProvider#options()}),
 * plus a unified port's own: a key no protocol lists, a value that does not fit, or a required key left out
 * fails with the key's path, like the gateway's own settings. On a unified port every protocol gets every
 * option, so a key several protocols list must suit each of them.
 */
final class ListenerSchemas {

    private ListenerSchemas() {}

    /** @param path the listener's path, {@code listeners[2]} */
    static void check(ListenerConfig listener, List<TransportProvider> providers, String path) {
        Map<String, List<Declared>> byName = new TreeMap<>();
        for (TransportProvider provider : providers) {
            provider.options().forEach(spec -> declare(byName, provider.protocol().name(), spec));
        }
        if (listener.unified()) {
            UnifiedServer.PORT_OPTIONS.forEach(spec -> declare(byName, "shared port", spec));
        }
        String optionsPath = path + ".options";
        listener.options().forEach((name, value) -> {
            List<Declared> declared = byName.get(name);
            if (declared == null) {
                throw new ConfigException(optionsPath + "." + name, "is not an option of "
                        + ListenerConfig.joinedNames(listener.protocols()) + "; "
                        + (byName.isEmpty() ? "it takes none" : "known: " + String.join(", ", byName.keySet())));
            }
            for (Declared option : declared) {
                option.spec().problemWith(value).ifPresent(problem -> {
                    throw new ConfigException(optionsPath + "." + name, problem + " (" + option.owner() + ": "
                            + option.spec().description() + ")");
                });
            }
        });
        byName.forEach((name, declared) -> declared.stream()
                .filter(option -> option.spec().required() && !listener.options().containsKey(name))
                .findFirst()
                .ifPresent(option -> {
                    throw new ConfigException(optionsPath + "." + name, "is required by " + option.owner() + ": "
                            + option.spec().description());
                }));
    }

    private static void declare(Map<String, List<Declared>> byName, String owner, OptionSpec spec) {
        byName.computeIfAbsent(spec.name(), name -> new ArrayList<>()).add(new Declared(owner, spec));
    }

    /** An option and the protocol (or the shared port) that reads it. */
    private record Declared(String owner, OptionSpec spec) {}
}
