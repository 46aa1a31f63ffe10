package dev.wharf.transport.spi;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code → (processor, executor) table, and the one place that turns a request into a response.
 *
 * <p>Every transport dispatches through a table like this, and so does the in-process client, so the
 * uniform answers live here once: an unknown code gets {@link ResponseCode#REQUEST_CODE_NOT_SUPPORTED},
 * a full executor {@link ResponseCode#SYSTEM_BUSY}, a {@link RemotingCommandException} its own code,
 * any other failure {@link ResponseCode#SYSTEM_ERROR}. Responses always carry the request's opaque and
 * the response flag.
 *
 * <p>A table built with the context's {@link TransportMetrics} also counts and times every request here,
 * tagged with the connection's protocol, so every transport is measured the same way; one built without
 * records nothing (the broker's own table, clients' tables, tests).
 *
 * <pre>{@code
 * ProcessorTable table = new ProcessorTable(context.metrics());
 * table.registerProcessor(RequestCode.HEART_BEAT, heartbeats, clientExecutor);
 * table.dispatch(new RequestContext(connection, now), request)
 *      .thenAccept(response -> { if (response != null) connection.send(response); });
 * }</pre>
 */
public final class ProcessorTable implements ProcessorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProcessorTable.class);

    private record Entry(RequestProcessor processor, Executor executor) {}

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private volatile Entry defaultEntry;
    /** {@code null}: record nothing. */
    private final TransportMetrics metrics;

    /** A table that records no metrics. */
    public ProcessorTable() {
        this.metrics = null;
    }

    /** A table that records every request it dispatches in {@code metrics}. */
    public ProcessorTable(TransportMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        entries.put(code, new Entry(processor, executor));
    }

    @Override
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        defaultEntry = new Entry(processor, executor);
    }

    /** Whether a request with this code would find a processor. */
    public boolean supports(int code) {
        return entries.containsKey(code) || defaultEntry != null;
    }

    /**
     * Runs the request on its processor's executor. The future never fails: every failure is an error
     * response. It completes with {@code null} when there is nothing to send back.
     */
    public CompletableFuture<RemotingCommand> dispatch(RequestContext context, RemotingCommand request) {
        RequestMeters meters = metrics == null ? null : metrics.requests(context.connection().protocol());
        Call call = new Call(request, meters);
        Entry entry = entries.getOrDefault(request.code(), defaultEntry);
        if (entry == null) {
            call.answer(RemotingCommand.errorResponse(
                    request,
                    ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"));
            return call;
        }
        try {
            entry.executor().execute(() -> call.run(entry.processor(), context));
        } catch (RejectedExecutionException e) {
            call.answer(RemotingCommand.errorResponse(
                    request,
                    ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while; request "
                            + RequestCode.nameOf(request.code())));
        }
        return call;
    }

    /** One dispatched request: the future of its answer, which records the request when it completes. */
    private static final class Call extends CompletableFuture<RemotingCommand> {

        private final RemotingCommand request;
        private final RequestMeters meters;
        private final long start;

        Call(RemotingCommand request, RequestMeters meters) {
            this.request = request;
            this.meters = meters;
            this.start = meters == null ? 0 : meters.start();
        }

        void run(RequestProcessor processor, RequestContext context) {
            CompletableFuture<RemotingCommand> answer;
            try {
                answer = processor.process(context, request);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (answer == null) {
                answer(null);
                return;
            }
            answer.whenComplete((response, failure) -> answer(
                    failure == null ? asResponseTo(request, response) : failureResponse(request, failure)));
        }

        void answer(RemotingCommand response) {
            if (meters != null) {
                meters.record(request.code(), response, start);
            }
            complete(response);
        }
    }

    private static RemotingCommand asResponseTo(RemotingCommand request, RemotingCommand response) {
        if (response == null || (response.isResponse() && response.opaque() == request.opaque())) {
            return response;
        }
        return response.toBuilder()
                .opaque(request.opaque())
                .flag(response.flag() | RemotingCommand.RESPONSE_FLAG)
                .build();
    }

    private static RemotingCommand failureResponse(RemotingCommand request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof RemotingCommandException rejected) {
            return RemotingCommand.errorResponse(request, rejected.responseCode(), rejected.getMessage());
        }
        log.error("processor for {} failed", RequestCode.nameOf(request.code()), cause);
        return RemotingCommand.errorResponse(request, ResponseCode.SYSTEM_ERROR, String.valueOf(cause));
    }
}
