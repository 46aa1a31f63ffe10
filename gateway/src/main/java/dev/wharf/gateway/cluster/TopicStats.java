package dev.wharf.gateway.cluster;

import dev.wharf.transport.spi.RemotingClient;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RemotingCommandException;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * GET_TOPIC_STATS_INFO that names no broker (Wharf's admin describing a topic): asked of the master of every
 * broker of the topic's route, the answers' queue tables joined into one. A broker's TopicStatsTable is
 * fastjson with message queues as keys ({@code {"offsetTable":{{"brokerName":..,"queueId":0,..}:{..}}}}), which
 * no JSON library reads as a map, so the tables are joined as text: each queue keeps its broker's name.
 * The first broker that fails or refuses answers for all.
 *
 * <pre>{@code
 * new TopicStats(client, routes, timeout).answer(statsRequest);
 * }</pre>
 */
final class TopicStats {

    private static final String TABLE = "\"offsetTable\":{";

    private final RemotingClient client;
    private final RouteCache routes;
    private final Duration timeout;

    TopicStats(RemotingClient client, RouteCache routes, Duration timeout) {
        this.client = client;
        this.routes = routes;
        this.timeout = timeout;
    }

    CompletableFuture<RemotingCommand> answer(RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null || topic.isBlank()) {
            throw new RemotingCommandException(ResponseCode.INVALID_PARAMETER,
                    "GET_TOPIC_STATS_INFO needs the header field topic");
        }
        return routes.route(topic).thenCompose(route -> {
            List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
            route.masters().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(master -> answers.add(
                    client.invoke(master.getValue(), request.toBuilder()
                            .extField(NamedBrokerSelector.BROKER_NAME, master.getKey()).build(), timeout)));
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .thenApply(done -> joined(request, answers.stream().map(CompletableFuture::join).toList()));
        });
    }

    /** One answer whose queue table holds every answer's queues; the first refusal when there is one. */
    static RemotingCommand joined(RemotingCommand request, List<RemotingCommand> answers) {
        List<String> tables = new ArrayList<>();
        for (RemotingCommand answer : answers) {
            if (answer.code() != ResponseCode.SUCCESS) {
                return answer;
            }
            String table = queueTable(answer.body() == null ? "" : new String(answer.body(), StandardCharsets.UTF_8));
            if (!table.isBlank()) {
                tables.add(table);
            }
        }
        String body = "{" + TABLE + String.join(",", tables) + "}}";
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** What is between the braces of the answer's {@code offsetTable}. */
    private static String queueTable(String stats) {
        int start = stats.indexOf(TABLE);
        if (start < 0) {
            throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR,
                    "a broker's topic statistics have no offsetTable: " + stats);
        }
        int open = start + TABLE.length();
        int depth = 1;
        boolean quoted = false;
        for (int i = open; i < stats.length(); i++) {
            char c = stats.charAt(i);
            if (c == '"' && stats.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                return stats.substring(open, i);
            }
        }
        throw new RemotingCommandException(ResponseCode.SYSTEM_ERROR,
                "a broker's topic statistics end inside their offsetTable: " + stats);
    }
}
