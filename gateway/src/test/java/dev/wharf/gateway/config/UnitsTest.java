package dev.wharf.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @Test
    void sizesUseBinaryUnitsInAnyCase() {
        assertThat(Units.parseSize("512B")).isEqualTo(512);
        assertThat(Units.parseSize("64KiB")).isEqualTo(64 * 1024);
        assertThat(Units.parseSize("16mib")).isEqualTo(16L * 1024 * 1024);
        assertThat(Units.parseSize(" 2 GiB ")).isEqualTo(2L * 1024 * 1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16", "16MB", "16 M", "-1MiB", "1.5MiB", "MiB", ""})
    void sizesWithoutABinaryUnitAreRejected(String text) {
        assertThatThrownBy(() -> Units.parseSize(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be " + Units.SIZE_FORM);
    }

    @Test
    void aSizeTooLargeForALongIsRejected() {
        assertThatThrownBy(() -> Units.parseSize("999999999999999999GiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is too large");
    }

    @Test
    void durationsTakeMillisecondsToDays() {
        assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.parseDuration("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Units.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "5 minutes", "PT5S", "1.5s", "s"})
    void durationsWithoutAKnownUnitAreRejected(String text) {
        assertThatThrownBy(() -> Units.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be " + Units.DURATION_FORM);
    }
}
