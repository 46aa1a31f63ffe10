package dev.wharf.compat.support.v5;

import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.consumer.PopCallback;
import org.apache.rocketmq.client.consumer.PopResult;

/**
 * The official client's POP callback as a future, for tests that send POP_MESSAGE with its own wire code
 * ({@code MQClientAPIImpl.popMessageAsync}) and wait for the answer.
 *
 * <pre>{@code
 * CompletableFuture<PopResult> answer = new CompletableFuture<>();
 * api.popMessageAsync(brokerName, address, header, timeoutMillis, PopAnswers.completing(answer));
 * }</pre>
 */
public final class PopAnswers {

    private PopAnswers() {}

    /** A callback that completes {@code answer} with the POP's result or its failure. */
    public static PopCallback completing(CompletableFuture<PopResult> answer) {
        return new PopCallback() {
            @Override
            public void onSuccess(PopResult result) {
                answer.complete(result);
            }

            @Override
            public void onException(Throwable e) {
                answer.completeExceptionally(e);
            }
        };
    }
}
