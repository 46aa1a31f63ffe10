package dev.wharf.transport.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The process's metrics as text for a scraper, so a transport can serve {@code /metrics} without
 * depending on the registry that renders them. The gateway sets one built on its Prometheus registry;
 * a context built without one has {@link #notExported()}.
 *
 * <pre>{@code
 * MetricsExposition metrics = context.metrics().exposition();
 * if (metrics.exported()) {
 *     respond(200, metrics.contentType(), metrics.scrape());
 * } else {
 *     respond(404, "text/plain", "metrics are not exported");
 * }
 * }</pre>
 */
public interface MetricsExposition {

    /** The media type of {@link #scrape()}, e.g. Prometheus text {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Every metric's current value, rendered now. Safe to call from any thread; may take a few milliseconds. */
    String scrape();

    /** Whether this process exports metrics at all; {@code false} only for {@link #notExported()}. */
    default boolean exported() {
        return true;
    }

    /** An exposition whose text is rendered by {@code scrape} on every call. */
    static MetricsExposition of(String contentType, Supplier<String> scrape) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(scrape, "scrape");
        return new MetricsExposition() {
            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public String scrape() {
                return scrape.get();
            }
        };
    }

    /** What a process without a metrics exporter has: a plain-text line saying so. */
    static MetricsExposition notExported() {
        return NotExported.INSTANCE;
    }

    /** The {@link #notExported()} singleton. */
    enum NotExported implements MetricsExposition {
        INSTANCE;

        @Override
        public String contentType() {
            return "text/plain; charset=utf-8";
        }

        @Override
        public String scrape() {
            return "# metrics are not exported by this process\n";
        }

        @Override
        public boolean exported() {
            return false;
        }
    }
}
