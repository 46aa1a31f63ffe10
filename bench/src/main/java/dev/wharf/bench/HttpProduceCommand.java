package dev.wharf.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code http-produce}: producer throughput and latency through Wharf's HTTP/2 JSON API. */
@Command(name = "http-produce", mixinStandardHelpOptions = true,
        description = "POST fixed-size messages to Wharf's HTTP API from several threads over one HTTP/2 connection "
                + "(each request a stream); print msgs/s, MiB/s and latency.")
public final class HttpProduceCommand implements Callable<Integer> {

    @Mixin
    HttpTargetOptions target;

    @Mixin
    LoadOptions load;

    @Mixin
    AlternationOptions alternation;

    @Override
    public Integer call() throws Exception {
        ProduceSettings settings = load.settings(target.target(), "");
        return alternation.run(settings, HttpSender::open);
    }
}
