package dev.wharf.transport.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The close stage of a connection that cannot tell when it closes; nobody can complete it. */
final class NeverClosed {

    static final CompletionStage<Void> STAGE = new CompletableFuture<Void>().minimalCompletionStage();

    private NeverClosed() {
    }
}
