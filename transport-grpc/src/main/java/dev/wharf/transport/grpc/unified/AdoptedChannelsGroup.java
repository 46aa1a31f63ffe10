package dev.wharf.transport.grpc.unified;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * grpc-netty's worker group on a unified port: the shared event loops, except that registering a child of
 * the {@link AdoptionServerChannel} (a connection that already runs on one of those loops) keeps it where it
 * is and reports the registration done. At that point the server bootstrap has already added grpc-netty's
 * child initializer to the channel, which runs (or is queued) on the channel's loop; completing the
 * channel's {@link AdoptionServerChannel#SET_UP} from a task queued behind it tells the port that gRPC's
 * handlers are in place. Everything else is the shared group's.
 */
public final class AdoptedChannelsGroup implements EventLoopGroup {

    private final EventLoopGroup shared;

    public AdoptedChannelsGroup(EventLoopGroup shared) {
        this.shared = shared;
    }

    @Override
    public ChannelFuture register(Channel channel) {
        CompletableFuture<Void> setUp = channel.attr(AdoptionServerChannel.SET_UP).getAndSet(null);
        if (setUp == null) {
            return shared.register(channel);
        }
        channel.eventLoop().execute(() -> setUp.complete(null));
        return channel.newSucceededFuture();
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return shared.register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return shared.register(channel, promise);
    }

    @Override
    public EventLoop next() {
        return shared.next();
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        return shared.iterator();
    }

    @Override
    public boolean isShuttingDown() {
        return shared.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully() {
        return shared.shutdownGracefully();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return shared.shutdownGracefully(quietPeriod, timeout, unit);
    }

    @Override
    public Future<?> terminationFuture() {
        return shared.terminationFuture();
    }

    @Deprecated
    @Override
    public void shutdown() {
        shared.shutdown();
    }

    @Deprecated
    @Override
    public List<Runnable> shutdownNow() {
        return shared.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return shared.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return shared.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return shared.awaitTermination(timeout, unit);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return shared.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return shared.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return shared.submit(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return shared.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return shared.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return shared.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return shared.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return shared.invokeAll(tasks);
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout,
            TimeUnit unit) throws InterruptedException {
        return shared.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return shared.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return shared.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        shared.execute(command);
    }
}
