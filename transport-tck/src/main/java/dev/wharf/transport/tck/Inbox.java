package dev.wharf.transport.tck;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** A subscription's sink that keeps deliveries in arrival order, and waits for them within a bound. */
final class Inbox implements Consumer<TckDelivery> {

    private final List<TckDelivery> received = new CopyOnWriteArrayList<>();

    @Override
    public void accept(TckDelivery delivery) {
        received.add(delivery);
    }

    /** The first {@code count} deliveries, once they are in; fails after {@code bound}. */
    List<TckDelivery> first(int count, Duration bound) {
        Awaitility.await().atMost(bound).until(() -> received.size() >= count);
        return List.copyOf(received.subList(0, count));
    }
}
