package dev.wharf.broker;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A started broker per test, over a fresh directory; subclasses change how it is started. */
abstract class BrokerTestBase {

    @TempDir
    Path dir;

    BrokerHarness broker;

    @BeforeEach
    final void startBroker() {
        broker = startHarness(dir);
    }

    /** Starts the broker under test; the default configuration unless overridden. */
    BrokerHarness startHarness(Path dataDir) {
        return BrokerHarness.start(dataDir);
    }

    @AfterEach
    final void stopBroker() {
        broker.close();
    }
}
