package dev.wharf.transport.grpc.service;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake broker behind a {@link ProcessorTable}: records every command it gets and answers each code as
 * the test says, SUCCESS by default, now or later; consumer groups are not FIFO and allow 16 retries unless
 * told otherwise. (Its methods are named as grpc-produce's FakeBroker's, which it can fold into.)
 */
final class RecordingBroker {

    private final ProcessorTable processors = new ProcessorTable();
    private final List<RemotingCommand> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Function<RemotingCommand, CompletableFuture<RemotingCommand>>> answers =
            new ConcurrentHashMap<>();

    RecordingBroker() {
        processors.registerDefaultProcessor((context, request) -> {
            received.add(request);
            Function<RemotingCommand, CompletableFuture<RemotingCommand>> answer = answers.get(request.code());
            return answer != null ? answer.apply(request)
                    : CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }, Runnable::run);
        group(false, 16);
    }

    ProcessorTable processors() {
        return processors;
    }

    /** Answers every request with {@code code} through {@code answer}. */
    void on(int code, Function<RemotingCommand, RemotingCommand> answer) {
        answers.put(code, request -> CompletableFuture.completedFuture(answer.apply(request)));
    }

    /** Answers every request with {@code code} with the future {@code answer} gives, completed later by the test. */
    void onLater(int code, Function<RemotingCommand, CompletableFuture<RemotingCommand>> answer) {
        answers.put(code, answer);
    }

    /** Refuses every request with {@code code}. */
    void refuse(int code, int responseCode, String remark) {
        on(code, request -> RemotingCommand.errorResponse(request, responseCode, remark));
    }

    /** Every consumer group's settings as GET_SUBSCRIPTIONGROUP_CONFIG answers them. */
    void group(boolean fifo, int retryMaxTimes) {
        on(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(("{\"groupName\":\"" + request.extField("group") + "\",\"consumeMessageOrderly\":" + fifo
                        + ",\"retryMaxTimes\":" + retryMaxTimes + "}").getBytes(StandardCharsets.UTF_8))
                .build());
    }

    List<RemotingCommand> commands(int code) {
        return received.stream().filter(command -> command.code() == code).toList();
    }

    RemotingCommand only(int code) {
        List<RemotingCommand> commands = commands(code);
        if (commands.size() != 1) {
            throw new AssertionError("expected one command " + code + ", got " + commands);
        }
        return commands.get(0);
    }
}
