package dev.wharf.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

    @Test
    void terminatesEveryPairIncludingTheLast() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("TAGS", "TagA");
        properties.put("KEYS", "k1 k2");

        assertThat(MessageProperties.encode(properties)).isEqualTo("TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002");
    }

    @Test
    void skipsNullValues() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("TAGS", null);
        properties.put("WAIT", "true");

        assertThat(MessageProperties.encode(properties)).isEqualTo("WAIT\u0001true\u0002");
    }

    @Test
    void roundTripsInOrder() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageProperties.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "7F000001");
        properties.put(MessageProperties.TRANSACTION_ID, "tx-1");
        properties.put("empty", "");
        properties.put("unicode", "caf\u00e9 \u6d88\u606f");

        assertThat(MessageProperties.decode(MessageProperties.encode(properties)))
                .containsExactlyEntriesOf(properties);
    }

    @Test
    void decodesTolerantly() {
        String wire = "A\u00011\u0002junk\u0002\u0001novalue\u0002B\u00012=3\u0001x\u0002\u0002C\u00013";

        assertThat(MessageProperties.decode(wire))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "2=3\u0001x"), Map.entry("C", "3"));
        assertThat(MessageProperties.decode("")).isEmpty();
        assertThat(MessageProperties.decode(null)).isEmpty();
    }

    @Test
    void rejectsSeparatorsInsideKeysOrValues() {
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("K", "a\u0002b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("K\u0001", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
