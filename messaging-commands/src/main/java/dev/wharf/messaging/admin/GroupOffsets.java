package dev.wharf.messaging.admin;

import java.util.List;

/**
 * A group's consumption progress on every queue it consumed or subscribes to.
 *
 * @param group the group
 * @param queues per topic and queue, sorted
 */
public record GroupOffsets(String group, List<QueueProgress> queues) {

    public GroupOffsets {
        queues = List.copyOf(queues);
    }

    /** The lag summed over every queue. */
    public long totalLag() {
        return queues.stream().mapToLong(QueueProgress::lag).sum();
    }
}
