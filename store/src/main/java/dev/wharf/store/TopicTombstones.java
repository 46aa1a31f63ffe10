package dev.wharf.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per deleted topic, the commit-log end at deletion, so recovery does not index the
 * topic's older records again (they stay in the log until their segment goes). A topic written again
 * after deletion starts a new queue; only records below the mark are hidden.
 */
final class TopicTombstones {

    private final Path file;
    private final Map<String, Long> deletedBefore = new ConcurrentHashMap<>();

    private TopicTombstones(Path file) {
        this.file = file;
    }

    static TopicTombstones load(Path file) throws IOException {
        TopicTombstones tombstones = new TopicTombstones(file);
        if (Files.exists(file)) {
            Properties values = new Properties();
            values.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            values.forEach((topic, offset) -> tombstones.deletedBefore.put((String) topic, Long.parseLong((String) offset)));
        }
        return tombstones;
    }

    /** Whether the record of {@code topic} at {@code commitLogOffset} belongs to a deleted incarnation. */
    boolean hides(String topic, long commitLogOffset) {
        Long mark = deletedBefore.get(topic);
        return mark != null && commitLogOffset < mark;
    }

    /** Marks every record of {@code topic} below {@code commitLogEnd} as deleted, durably. */
    void add(String topic, long commitLogEnd) throws IOException {
        deletedBefore.put(topic, commitLogEnd);
        Properties values = new Properties();
        deletedBefore.forEach((name, offset) -> values.setProperty(name, Long.toString(offset)));
        StringWriter text = new StringWriter();
        values.store(text, "topic=commit-log offset below which its records are deleted");
        AtomicFiles.write(file, text.toString());
    }
}
