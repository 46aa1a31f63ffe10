package dev.wharf.gateway.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a configuration change did to the listeners, by name: bound, drained and closed, replaced, left alone;
 * the sections that changed too but take a restart; and the listeners whose new server would not start.
 *
 * @param added listeners bound anew
 * @param removed listeners drained and closed
 * @param changed listeners closed and bound again with their new settings (protocols, port, TLS, options)
 * @param unchanged listeners whose connections were not touched
 * @param needsRestart top-level sections that differ from the running configuration; ignored until a restart
 * @param newPlugins plugin jars or folders loaded for this change
 * @param failed listeners of {@code added} or {@code changed} that could not start, with why; they are not running
 */
public record ListenerChanges(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
        List<String> needsRestart, List<String> newPlugins, Map<String, String> failed) {

    public ListenerChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        needsRestart = List.copyOf(needsRestart);
        newPlugins = List.copyOf(newPlugins);
        failed = Map.copyOf(failed);
    }

    /** Changes of listeners alone. */
    static ListenerChanges of(List<String> added, List<String> removed, List<String> changed, List<String> unchanged) {
        return new ListenerChanges(added, removed, changed, unchanged, List.of(), List.of(), Map.of());
    }

    /** These changes, with what else the new configuration changed. */
    ListenerChanges withNotes(List<String> sectionsNeedingRestart, List<String> pluginsLoaded) {
        return new ListenerChanges(added, removed, changed, unchanged, sectionsNeedingRestart, pluginsLoaded, failed);
    }

    /** These changes, with the listeners of {@code failures} (name to reason) not started. */
    ListenerChanges withFailure(Map<String, String> failures) {
        return new ListenerChanges(added, removed, changed, unchanged, needsRestart, newPlugins, failures);
    }

    /** One line: {@code added [mqtt]; removed []; changed [http]; unchanged [remoting]; needs restart [store]}. */
    public String describe() {
        List<String> parts = new ArrayList<>(List.of(
                "added " + added, "removed " + removed, "changed " + changed, "unchanged " + unchanged));
        if (!newPlugins.isEmpty()) {
            parts.add("new plugins " + newPlugins);
        }
        if (!needsRestart.isEmpty()) {
            parts.add("needs restart (ignored until then) " + needsRestart);
        }
        if (!failed.isEmpty()) {
            parts.add("failed to start " + failed);
        }
        return String.join("; ", parts);
    }
}
