package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void writesFieldsInOrderWithTwoDecimals() {
        String json = new JsonLine().put("kind", "produce").put("messages", 42).put("msgsPerSec", 1234.567).toString();

        assertThat(json).isEqualTo("{\"kind\":\"produce\",\"messages\":42,\"msgsPerSec\":1234.57}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String json = new JsonLine().put("error", "a \"b\" \\ c\n").toString();

        assertThat(json).isEqualTo("{\"error\":\"a \\\"b\\\" \\\\ c\\u000a\"}");
    }

    @Test
    void booleansAreBareLiterals() {
        assertThat(new JsonLine().put("tls", false).toString()).isEqualTo("{\"tls\":false}");
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertThat(new JsonLine().put("rate", Double.NaN).toString()).isEqualTo("{\"rate\":null}");
    }
}
