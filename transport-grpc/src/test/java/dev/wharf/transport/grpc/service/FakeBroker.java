package dev.wharf.transport.grpc.service;

import dev.wharf.transport.spi.ProcessorTable;
import dev.wharf.transport.spi.RemotingCommand;
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
 * A broker for translation tests: a processor table whose processors record every command they get, with
 * the context it came with, and answer as a test told them to (SUCCESS with no body by default).
 */
final class FakeBroker {

    /** One command the broker received. */
    record Received(RequestContext context, RemotingCommand command) {}

    private final ProcessorTable processors = new ProcessorTable();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Function<RemotingCommand, RemotingCommand>> answers = new ConcurrentHashMap<>();

    FakeBroker() {
        processors.registerDefaultProcessor((context, request) -> {
            received.add(new Received(context, request));
            Function<RemotingCommand, RemotingCommand> answer = answers.get(request.code());
            return CompletableFuture.completedFuture(answer != null
                    ? answer.apply(request)
                    : RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }, Runnable::run);
    }

    ProcessorTable processors() {
        return processors;
    }

    /** Answers requests with {@code code} by {@code answer}. */
    FakeBroker on(int code, Function<RemotingCommand, RemotingCommand> answer) {
        answers.put(code, answer);
        return this;
    }

    /** Answers requests with {@code code} with SUCCESS and {@code body}. */
    FakeBroker answerBody(int code, String body) {
        return on(code, request -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** Answers requests with {@code code} with an error. */
    FakeBroker refuse(int code, int responseCode, String remark) {
        return on(code, request -> RemotingCommand.errorResponse(request, responseCode, remark));
    }

    /** The commands received with {@code code}, in arrival order. */
    List<RemotingCommand> commands(int code) {
        return received.stream().map(Received::command).filter(command -> command.code() == code).toList();
    }

    /** Everything received, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }
}
