package dev.wharf.broker.processor;

import dev.wharf.broker.BrokerConfig;
import dev.wharf.broker.BrokerVersion;
import dev.wharf.broker.protocol.BrokerData;
import dev.wharf.broker.protocol.Json;
import dev.wharf.broker.stats.BrokerStats;
import dev.wharf.transport.spi.ExecutorRegistry;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What the broker is and how it is doing: GET_BROKER_CLUSTER_INFO (106, a {@code ClusterInfo} of this one
 * broker) and GET_BROKER_RUNTIME_INFO (28, the {@code KVTable} that {@code mqadmin clusterList} and
 * {@code brokerStatus} print). Figures this broker has no counterpart for (page-cache locks, the timer
 * wheel) are reported as 0.
 */
public final class BrokerInfoProcessor implements RequestProcessor {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private final BrokerConfig config;
    private final BrokerAddress address;
    private final BrokerStats stats;
    private final ExecutorRegistry executors;
    private final Clock clock;
    private final long bootMillis;

    public BrokerInfoProcessor(BrokerConfig config, BrokerAddress address, BrokerStats stats,
            ExecutorRegistry executors, Clock clock) {
        this.config = config;
        this.address = address;
        this.stats = stats;
        this.executors = executors;
        this.clock = clock;
        this.bootMillis = clock.millis();
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.GET_BROKER_CLUSTER_INFO) {
            BrokerData broker = BrokerData.master(config.clusterName(), config.brokerName(), address.advertisedTo(context));
            Map<String, Object> body = Map.of(
                    "brokerAddrTable", Map.of(config.brokerName(), broker),
                    "clusterAddrTable", Map.of(config.clusterName(), List.of(config.brokerName())));
            return Replies.success(request, Json.write(body));
        }
        return Replies.success(request, Json.write(Map.of("table", runtimeInfo())));
    }

    private Map<String, String> runtimeInfo() {
        Map<String, String> table = new TreeMap<>();
        table.put("brokerVersion", Integer.toString(BrokerVersion.ORDINAL));
        table.put("brokerVersionDesc", BrokerVersion.DESCRIPTION);
        table.put("brokerActive", "true");
        table.put("bootTimestamp", Long.toString(bootMillis));
        table.put("runtime", uptime());
        table.put("putTps", stats.putTps());
        table.put("getTransferredTps", stats.gotTps());
        table.put("msgPutTotalTodayNow", Long.toString(stats.putTotal()));
        table.put("msgGetTotalTodayNow", Long.toString(stats.gotTotal()));
        table.put("msgPutTotalTodayMorning", Long.toString(stats.putTodayMorning()));
        table.put("msgGetTotalTodayMorning", Long.toString(stats.gotTodayMorning()));
        table.put("msgPutTotalYesterdayMorning", Long.toString(stats.putYesterdayMorning()));
        table.put("msgGetTotalYesterdayMorning", Long.toString(stats.gotYesterdayMorning()));
        table.put("sendThreadPoolQueueSize", Integer.toString(queueSize("broker-send")));
        table.put("pullThreadPoolQueueSize", Integer.toString(queueSize("broker-pull")));
        table.put("ackThreadPoolQueueSize", Integer.toString(queueSize("broker-ack")));
        table.put("sendThreadPoolQueueHeadWaitTimeMills", "0");
        table.put("pullThreadPoolQueueHeadWaitTimeMills", "0");
        table.put("ackThreadPoolQueueHeadWaitTimeMills", "0");
        table.put("pageCacheLockTimeMills", "0");
        table.put("earliestMessageTimeStamp", "0");
        table.put("timerReadBehind", "0");
        table.put("timerOffsetBehind", "0");
        table.put("timerCongestNum", "0");
        table.put("timerEnqueueTps", "0.0");
        table.put("timerDequeueTps", "0.0");
        putDiskUsage(table);
        return table;
    }

    private void putDiskUsage(Map<String, String> table) {
        try {
            FileStore disk = Files.getFileStore(config.store().path());
            long total = disk.getTotalSpace();
            long free = disk.getUsableSpace();
            table.put("commitLogDirCapacity", String.format("Total : %.2f GiB, Free : %.2f GiB.", total / GIB, free / GIB));
            table.put("commitLogDiskRatio", String.format("%.4f", total == 0 ? 0.0 : (total - free) / (double) total));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the disk usage of " + config.store().path(), e);
        }
    }

    private int queueSize(String pool) {
        return executors.get(pool)
                .filter(ThreadPoolExecutor.class::isInstance)
                .map(executor -> ((ThreadPoolExecutor) executor).getQueue().size())
                .orElse(0);
    }

    private String uptime() {
        Duration up = Duration.ofMillis(clock.millis() - bootMillis);
        return String.format("[ %d days, %d hours, %d minutes, %d seconds ]",
                up.toDays(), up.toHoursPart(), up.toMinutesPart(), up.toSecondsPart());
    }
}
