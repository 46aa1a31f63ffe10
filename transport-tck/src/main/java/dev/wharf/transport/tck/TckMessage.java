package dev.wharf.transport.tck;

import java.util.Map;
import java.util.Objects;

/**
 * A message the suite publishes: a body and user properties, which every transport must carry to the
 * subscriber unchanged.
 *
 * @param body the bytes, possibly not UTF-8 (the large-body case sends random bytes)
 * @param properties user properties; names and values are plain ASCII words
 */
public record TckMessage(byte[] body, Map<String, String> properties) {

    public TckMessage {
        Objects.requireNonNull(body, "body");
        properties = Map.copyOf(properties);
    }
}
