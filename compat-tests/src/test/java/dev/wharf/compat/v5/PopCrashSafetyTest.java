package dev.wharf.compat.v5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.compat.support.Clients;
import dev.wharf.compat.support.KillMidway;
import dev.wharf.compat.support.MessagingServer;
import dev.wharf.compat.support.Names;
import dev.wharf.compat.support.Payload;
import dev.wharf.compat.support.Restarts;
import dev.wharf.compat.support.ServerLauncher;
import dev.wharf.compat.support.ServerSettings;
import dev.wharf.compat.support.Waits;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code flush: sync}, a SIGKILL in the middle of POP consumption (pop, then ack message by message)
 * and a restart on the same data lose nothing: every message is consumed in the end, those popped but not
 * acknowledged come back after their invisible time. And an ack the server confirmed before the kill
 * holds: that message is not delivered again.
 */
class PopCrashSafetyTest {

    private static final int MESSAGES = 500;
    /** Confirmed acks to wait for before the kill; the consumer keeps acking while it happens. */
    private static final int ACKED_BEFORE_KILL = 150;
    private static final long INVISIBLE_MILLIS = 5_000;
    private static final long POLL_MILLIS = 500;

    @RegisterExtension
    final Clients clients = new Clients();

    @Test
    void aKillDuringPopConsumptionLosesNoMessageAndRedeliversNoConfirmedAck(@TempDir Path workDir) throws Exception {
        Restarts restarts = Restarts.in(workDir, ServerSettings.defaults().withSyncFlush());
        String topic = Names.unique("PopCrash");
        String group = Names.unique("GID_pop_crash");
        Set<String> sent = new HashSet<>();
        Set<String> ackSentBeforeKill = ConcurrentHashMap.newKeySet();
        Set<String> ackedBeforeKill = ConcurrentHashMap.newKeySet();

        try (MessagingServer victim = restarts.launch("PopCrashBeforeKill")) {
            DefaultMQProducer producer = clients.startedProducer(victim.nameServerAddress());
            for (int i = 0; i < MESSAGES; i++) {
                var result = producer.send(Payload.named("TagA", "pop-crash-" + i).toMessage(topic));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sent.add(result.getMsgId());
            }
            producer.shutdown();

            try (PopClient pop = PopClient.start(victim.nameServerAddress())) {
                // Rounds until the kill: once everything is acked, pops keep coming back empty.
                KillMidway.kill(victim, "POP round", Integer.MAX_VALUE,
                        round -> popAndAck(pop, topic, group, ackSentBeforeKill, ackedBeforeKill),
                        ACKED_BEFORE_KILL + " confirmed acks", () -> ackedBeforeKill.size() >= ACKED_BEFORE_KILL);
            }
        }
        assertThat(ackedBeforeKill).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL).hasSizeLessThan(MESSAGES);
        // At most the ack in flight at the kill is unconfirmed; the server may or may not have applied it.
        assertThat(ackSentBeforeKill).containsAll(ackedBeforeKill).hasSizeLessThanOrEqualTo(ackedBeforeKill.size() + 1);

        try (MessagingServer restarted = restarts.launch("PopCrashAfterRestart");
                PopClient pop = PopClient.start(restarted.nameServerAddress())) {
            List<String> deliveredAfter = new CopyOnWriteArrayList<>();
            Set<String> ackedAfter = ConcurrentHashMap.newKeySet();
            Waits.atMostBound("every message acked, before or after the restart").until(() -> {
                for (MessageExt message : pop.pop(topic, group, INVISIBLE_MILLIS, POLL_MILLIS, false)) {
                    deliveredAfter.add(message.getMsgId());
                    if (pop.ack(message, group) == AckStatus.OK) {
                        ackedAfter.add(message.getMsgId());
                    }
                }
                Set<String> settled = new HashSet<>(ackSentBeforeKill);
                settled.addAll(ackedAfter);
                return settled.containsAll(sent);
            });

            assertThat(ackedAfter).as("messages acked after the restart").isSubsetOf(sent);
            if (ServerLauncher.targetsWharf()) {
                // Apache RocketMQ persists POP offsets every few seconds, not on each pop, so after a crash it
                // may hand out acknowledged messages again (at-least-once); Wharf keeps them on disk with the ack.
                assertThat(deliveredAfter).as("messages delivered again after the restart although acked before")
                        .doesNotContainAnyElementsOf(ackedBeforeKill);
            }
        }
    }

    /**
     * Pops once and acks what came one message at a time, slowly enough for the kill to land in the middle.
     *
     * @param ackSent messages whose ack was sent, answered or not
     * @param acked messages whose ack the server answered OK
     */
    private static void popAndAck(PopClient pop, String topic, String group, Set<String> ackSent, Set<String> acked)
            throws Exception {
        for (MessageExt message : pop.pop(topic, group, INVISIBLE_MILLIS, POLL_MILLIS, false)) {
            ackSent.add(message.getMsgId());
            if (pop.ack(message, group) == AckStatus.OK) {
                acked.add(message.getMsgId());
            }
            Thread.sleep(1);
        }
    }
}
