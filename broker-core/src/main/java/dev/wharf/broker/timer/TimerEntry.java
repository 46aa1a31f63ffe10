package dev.wharf.broker.timer;

/**
 * The index entry of one held message: when it is due and where it is. The message itself stays in the
 * commit log; entries order by due time, then by arrival.
 *
 * @param deliverAt epoch millisecond the message is due
 * @param queueOffset its offset in the timer topic's queue, unique per held message
 * @param commitLogOffset where its record starts in the commit log
 */
record TimerEntry(long deliverAt, long queueOffset, long commitLogOffset) implements Comparable<TimerEntry> {

    /** Bytes of one entry in a bucket file. */
    static final int BYTES = 24;

    @Override
    public int compareTo(TimerEntry other) {
        int byTime = Long.compare(deliverAt, other.deliverAt);
        return byTime != 0 ? byTime : Long.compare(queueOffset, other.queueOffset);
    }
}
