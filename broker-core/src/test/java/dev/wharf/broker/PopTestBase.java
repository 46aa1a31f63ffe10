package dev.wharf.broker;

import dev.wharf.broker.pop.PopConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A broker per test whose POP revive runs fast, so redeliveries come within a test's patience. */
abstract class PopTestBase extends BrokerTestBase {

    /** Revive every 20 ms; a failed read waits 100 ms. */
    static final PopConfig FAST_REVIVE = new PopConfig(Duration.ofMillis(20), List.of(Duration.ofMillis(100)));

    @Override
    BrokerHarness startHarness(Path dataDir) {
        return BrokerHarness.start(dataDir, config -> config.withPop(FAST_REVIVE));
    }
}
