package dev.wharf.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TckClaimsTest {

    @Test
    void byDefaultNothingIsClaimedButFourMebibyteBodiesMessageIdsPropertiesAndHistory() {
        TckClaims claims = TckClaims.builder().build();

        assertThat(claims.tls()).isFalse();
        assertThat(claims.serverPush()).isFalse();
        assertThat(claims.maxBodyBytes()).isEqualTo(4 << 20);
        assertThat(claims.busyOptions()).isEmpty();
        assertThat(claims.malformedInputs()).isEmpty();
        assertThat(claims.messageIds()).isTrue();
        assertThat(claims.userProperties()).isTrue();
        assertThat(claims.onlyNewMessages()).isFalse();
    }

    @Test
    void keepsItsOwnCopiesOfWhatItWasGiven() {
        byte[] opening = "GET".getBytes(StandardCharsets.US_ASCII);
        TckClaims claims = TckClaims.builder().malformedInput(opening).busyWhen(Map.of("businessThreads", "1")).build();
        opening[0] = 'X';

        assertThat(claims.malformedInputs()).singleElement().isEqualTo("GET".getBytes(StandardCharsets.US_ASCII));
        assertThat(claims.busyOptions()).contains(Map.of("businessThreads", "1"));
    }

    @Test
    void refusesANonPositiveBodyLimit() {
        assertThatThrownBy(() -> TckClaims.builder().maxBodyBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBodyBytes must be positive, got 0");
    }
}
