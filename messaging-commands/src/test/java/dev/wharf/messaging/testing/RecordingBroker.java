package dev.wharf.messaging.testing;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake broker behind a {@link ProcessorTable}: records every command it gets, with the context it came
 * with, and answers each code as the test says, SUCCESS by default, now or later; consumer groups are not
 * FIFO and allow 16 retries unless told otherwise.
 */
public final class RecordingBroker {

    /** One command the broker got. */
    public record Received(RequestContext context, RemotingCommand command) {}

    private final ProcessorTable processors = new ProcessorTable();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Function<RemotingCommand, CompletableFuture<RemotingCommand>>> answers =
            new ConcurrentHashMap<>();

    public RecordingBroker() {
        processors.registerDefaultProcessor((context, request) -> {
            received.add(new Received(context, request));
            Function<RemotingCommand, CompletableFuture<RemotingCommand>> answer = answers.get(request.code());
            return answer != null ? answer.apply(request)
                    : CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }, Runnable::run);
        group(false, 16);
    }

    public ProcessorTable processors() {
        return processors;
    }

    /** Answers every request with {@code code} through {@code answer}. */
    public RecordingBroker on(int code, Function<RemotingCommand, RemotingCommand> answer) {
        answers.put(code, request -> CompletableFuture.completedFuture(answer.apply(request)));
        return this;
    }

    /** Answers every request with {@code code} with SUCCESS and {@code body}. */
    public RecordingBroker answerBody(int code, String body) {
        return on(code, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** Answers every request with {@code code} with the future {@code answer} gives, completed later by the test. */
    public void onLater(int code, Function<RemotingCommand, CompletableFuture<RemotingCommand>> answer) {
        answers.put(code, answer);
    }

    /** Refuses every request with {@code code}. */
    public RecordingBroker refuse(int code, int responseCode, String remark) {
        return on(code, request -> RemotingCommand.errorResponse(request, responseCode, remark));
    }

    /** Every consumer group's settings as GET_SUBSCRIPTIONGROUP_CONFIG answers them. */
    public void group(boolean fifo, int retryMaxTimes) {
        on(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(("{\"groupName\":\"" + request.extField("group") + "\",\"consumeMessageOrderly\":" + fifo
                        + ",\"retryMaxTimes\":" + retryMaxTimes + "}").getBytes(StandardCharsets.UTF_8))
                .build());
    }

    public List<RemotingCommand> commands(int code) {
        return received.stream().map(Received::command).filter(command -> command.code() == code).toList();
    }

    /** Everything the broker got, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public RemotingCommand only(int code) {
        List<RemotingCommand> commands = commands(code);
        if (commands.size() != 1) {
            throw new AssertionError("expected one command " + code + ", got " + commands);
        }
        return commands.get(0);
    }
}
