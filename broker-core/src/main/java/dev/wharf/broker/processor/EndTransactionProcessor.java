package dev.wharf.broker.processor;

import dev.wharf.broker.transaction.EndTransactionRequest;
import dev.wharf.broker.transaction.TransactionService;
import dev.wharf.transport.spi.HeaderReader;
import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestContext;
import dev.wharf.transport.spi.RequestProcessor;
import dev.wharf.transport.spi.ResponseCode;
import java.util.concurrent.CompletableFuture;

/**
 * END_TRANSACTION (37): a producer commits, rolls back or leaves open the transaction of a half message,
 * after its local transaction or in answer to a check-back. Usually oneway, so errors only reach the log;
 * the work is {@link TransactionService#end}'s.
 */
public final class EndTransactionProcessor implements RequestProcessor {

    private final TransactionService transactions;

    public EndTransactionProcessor(TransactionService transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        HeaderReader header = HeaderReader.of(request);
        EndTransactionRequest end = new EndTransactionRequest(
                header.requiredString("producerGroup"),
                header.requiredLong("tranStateTableOffset"),
                header.requiredLong("commitLogOffset"),
                header.requiredInt("commitOrRollback"),
                header.optionalBoolean("fromTransactionCheck", false),
                header.optionalString("msgId"));
        return transactions.end(end).thenApply(done -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }
}
