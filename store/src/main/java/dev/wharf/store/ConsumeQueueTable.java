package dev.wharf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every consume queue of the store, under {@code consumequeue/<topic>/<queueId>/}. Lookups are safe
 * from any thread; creating and deleting queues belong to the store's appender.
 */
final class ConsumeQueueTable {

    private final Path root;
    private final int entriesPerFile;
    private final Map<String, Map<Integer, ConsumeQueue>> topics = new ConcurrentHashMap<>();

    private ConsumeQueueTable(Path root, int entriesPerFile) {
        this.root = root;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens every queue found under {@code root}. */
    static ConsumeQueueTable open(Path root, int entriesPerFile) throws IOException {
        ConsumeQueueTable table = new ConsumeQueueTable(root, entriesPerFile);
        Files.createDirectories(root);
        for (Path topicDirectory : list(root)) {
            for (Path queueDirectory : list(topicDirectory)) {
                String name = queueDirectory.getFileName().toString();
                if (name.matches("\\d{1,9}")) {
                    String topic = topicDirectory.getFileName().toString();
                    int queueId = Integer.parseInt(name);
                    table.queuesOf(topic).put(queueId, ConsumeQueue.open(queueDirectory, topic, queueId, table.entriesPerFile));
                }
            }
        }
        return table;
    }

    /** The queue, or null if it has never been written. */
    ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> queues = topics.get(topic);
        return queues == null ? null : queues.get(queueId);
    }

    /** The queue, created empty if needed. Appender only. */
    ConsumeQueue findOrCreate(String topic, int queueId) {
        return queuesOf(topic).computeIfAbsent(queueId, id -> {
            try {
                return ConsumeQueue.open(root.resolve(topic).resolve(Integer.toString(id)), topic, id, entriesPerFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create consume queue " + topic + "/" + id, e);
            }
        });
    }

    void forEach(Consumer<ConsumeQueue> action) {
        topics.values().forEach(queues -> queues.values().forEach(action));
    }

    /** Forgets a topic's queues and deletes their files. Appender only. */
    void deleteTopic(String topic) {
        Map<Integer, ConsumeQueue> queues = topics.remove(topic);
        if (queues != null) {
            queues.values().forEach(ConsumeQueue::delete);
        }
        try {
            Files.deleteIfExists(root.resolve(topic));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the consume queues of " + topic, e);
        }
    }

    private Map<Integer, ConsumeQueue> queuesOf(String topic) {
        return topics.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }
}
