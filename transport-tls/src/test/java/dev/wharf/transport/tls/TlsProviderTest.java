package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsProviderTest {

    @Test
    void nettyTcnativeLoadsHereWithAlpn() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(OpenSsl.isAlpnSupported()).isTrue();
    }

    @Test
    void autoTakesOpenSslForRsaAndEcKeysAndTheJdkForOthers() {
        assertThat(TlsProvider.AUTO.select(List.of("EC", "RSA"))).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsProvider.AUTO.select(List.of())).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsProvider.AUTO.select(List.of("EC", "Ed25519"))).isEqualTo(SslProvider.JDK);
    }

    @Test
    void openSslThatCannotServeFailsNamingWhy() {
        assertThat(TlsProvider.OPENSSL.select(List.of("EC"))).isEqualTo(SslProvider.OPENSSL);
        assertThatThrownBy(() -> TlsProvider.OPENSSL.select(List.of("Ed25519")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.provider openssl: OpenSSL does not take Ed25519 keys (only EC, RSA)");
    }

    @Test
    void jdkIsTheJdk() {
        assertThat(TlsProvider.JDK.select(List.of("EC"))).isEqualTo(SslProvider.JDK);
    }

    @Test
    void parsesAnyCase() {
        assertThat(TlsProvider.parse(" OpenSSL ")).isEqualTo(TlsProvider.OPENSSL);
        assertThatThrownBy(() -> TlsProvider.parse("nss")).hasMessage("must be one of auto, openssl, jdk; got 'nss'");
    }
}
