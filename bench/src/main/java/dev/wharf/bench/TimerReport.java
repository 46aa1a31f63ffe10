package dev.wharf.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a timer run: how late messages were stored in their real topic and received, relative
 * to the delivery time they asked for (millisecond resolution, as the timestamps are).
 *
 * @param settings what was run
 * @param throughput the sends (acknowledged messages over the send phase)
 * @param received distinct messages received
 * @param early messages stored in their topic before their asked time (must be 0)
 * @param duplicates messages received more than once
 * @param sendFailures sends that failed
 * @param storedLate store time in the real topic minus asked time
 * @param receivedLate receive time minus asked time
 */
public record TimerReport(TimerSettings settings, Throughput throughput, long received, long early, long duplicates,
        long sendFailures, LatencySummary storedLate, LatencySummary receivedLate) implements BenchReport {

    @Override
    public List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "timer %s topic=%s messages=%d delays %ds..%ds",
                        settings.target().nameServer(), settings.target().topic(), settings.messages(),
                        settings.minDelay().toSeconds(), settings.maxDelay().toSeconds()),
                String.format(Locale.ROOT, "sent %d in %.2f s (%.0f msgs/s, %d failed); received %d, early %d, "
                                + "duplicates %d", throughput.messages(), throughput.elapsedSeconds(),
                        throughput.messagesPerSecond(), sendFailures, received, early, duplicates),
                line("stored - asked", storedLate),
                line("received - asked", receivedLate),
                json());
    }

    private static String line(String what, LatencySummary late) {
        return String.format(Locale.ROOT, "%s ms: p50 %.0f  p99 %.0f  p999 %.0f  max %.0f  (n=%d)", what,
                LatencySummary.millis(late.p50Micros()), LatencySummary.millis(late.p99Micros()),
                LatencySummary.millis(late.p999Micros()), LatencySummary.millis(late.maxMicros()), late.count());
    }

    /** The single-line JSON summary. */
    public String json() {
        return new JsonLine()
                .put("kind", "timer")
                .put("namesrv", settings.target().nameServer())
                .put("topic", settings.target().topic())
                .put("messages", settings.messages())
                .put("received", received)
                .put("early", early)
                .put("duplicates", duplicates)
                .put("sendFailures", sendFailures)
                .put("sendSeconds", throughput.elapsedSeconds())
                .put("storedLateP50Ms", LatencySummary.millis(storedLate.p50Micros()))
                .put("storedLateP99Ms", LatencySummary.millis(storedLate.p99Micros()))
                .put("storedLateMaxMs", LatencySummary.millis(storedLate.maxMicros()))
                .put("receivedLateP50Ms", LatencySummary.millis(receivedLate.p50Micros()))
                .put("receivedLateP99Ms", LatencySummary.millis(receivedLate.p99Micros()))
                .put("receivedLateMaxMs", LatencySummary.millis(receivedLate.maxMicros()))
                .toString();
    }
}
