package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionSpecTest {

    @Test
    void integersAreWholeNumbers() {
        OptionSpec spec = OptionSpec.integer("maxInflight", "64", "in flight");
        assertThat(spec.problemWith("128")).isEmpty();
        assertThat(spec.problemWith("ten")).contains("must be a whole number, got 'ten'");
        assertThat(spec.problemWith("99999999999")).isPresent();
    }

    @Test
    void booleansAreTrueOrFalse() {
        OptionSpec spec = OptionSpec.bool("negotiation", "true", "handshake");
        assertThat(spec.problemWith("FALSE")).isEmpty();
        assertThat(spec.problemWith("yes")).contains("must be true or false, got 'yes'");
    }

    @Test
    void durationsTakeUnitsIsoAndMillisButNotZero() {
        OptionSpec spec = OptionSpec.duration("idleTimeout", "120s", "idle");
        assertThat(spec.problemWith("500ms")).isEmpty();
        assertThat(spec.problemWith("PT30S")).isEmpty();
        assertThat(spec.problemWith("1500")).isEmpty();
        assertThat(spec.problemWith("0s")).isPresent();
        assertThat(spec.problemWith("soon")).get().asString().startsWith("must be a positive duration");
    }

    @Test
    void sizesTakeBinaryUnitsWithinALong() {
        OptionSpec spec = OptionSpec.size("maxFrameBytes", "6MiB", "frame");
        assertThat(spec.problemWith("65536")).isEmpty();
        assertThat(spec.problemWith("16MiB")).isEmpty();
        assertThat(spec.problemWith("16MB")).isPresent();
        assertThat(spec.problemWith("999999999999999999GiB")).isPresent();
    }

    @Test
    void enumsTakeTheirChoicesIgnoringCase() {
        OptionSpec spec = OptionSpec.choice("mapping", "level", "topics", "level", "flat");
        assertThat(spec.problemWith("FLAT")).isEmpty();
        assertThat(spec.problemWith("deep")).contains("must be one of level, flat, got 'deep'");
    }

    @Test
    void aDefaultMustFitItsOwnType() {
        assertThatThrownBy(() -> OptionSpec.integer("threads", "many", "pool"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option threads: its default must be a whole number");
        assertThatThrownBy(() -> OptionSpec.choice("mapping", null, "topics"))
                .hasMessageContaining("choices");
    }

    @Test
    void requiredIsAFlagOnACopy() {
        OptionSpec optional = OptionSpec.string("realm", null, "realm");
        assertThat(optional.asRequired().required()).isTrue();
        assertThat(optional.required()).isFalse();
    }
}
