package dev.wharf.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.transport.spi.LogLines;
import dev.wharf.transport.spi.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real listener with {@link TlsSupport#install} before an echo handler, met by JDK sockets. */
@EachProvider
class TlsLoopbackTest {

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private final TlsProvider provider;
    private final LogLines warnings = new LogLines(TlsModeHandler.class);
    private Channel server;

    TlsLoopbackTest(TlsProvider provider) {
        this.provider = provider;
    }

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        warnings.close();
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void permissiveEchoesOverTlsAndInTheClear() throws Exception {
        int port = listen(ServerConfig.of("127.0.0.1", 0), List.of());

        try (SSLSocket tls = tlsClient(port, List.of())) {
            assertThat(echo(tls)).isEqualTo(HELLO);
            X509Certificate served = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            assertThat(served.getSubjectX500Principal().getName()).isEqualTo(DevelopmentCertificate.SUBJECT);
        }
        try (Socket plain = plainClient(port)) {
            assertThat(echo(plain)).isEqualTo(HELLO);
        }
        assertThat(warnings.warnings()).isEmpty();
    }

    @Test
    void enforcingEchoesOverTlsAndRefusesPlaintextWithAWarning() throws Exception {
        int port = listen(ServerConfig.of("127.0.0.1", 0).withOption(TlsOptions.MODE, "enforcing"), List.of());

        try (SSLSocket tls = tlsClient(port, List.of())) {
            assertThat(echo(tls)).isEqualTo(HELLO);
        }
        try (Socket plain = plainClient(port)) {
            String client = plain.getLocalSocketAddress().toString();
            plain.getOutputStream().write(HELLO);

            assertClosedWithoutAnswer(plain);
            await().untilAsserted(() -> assertThat(warnings.warnings()).containsExactly(
                    "plaintext connection from " + client + " refused: listener is TLS-only"));
        }
    }

    @Test
    void disabledEchoesInTheClearAndRefusesTlsWithAWarning() throws Exception {
        int port = listen(ServerConfig.of("127.0.0.1", 0).withOption(TlsOptions.MODE, "disabled"), List.of());

        try (Socket plain = plainClient(port)) {
            assertThat(echo(plain)).isEqualTo(HELLO);
        }
        try (SSLSocket tls = tlsClient(port, List.of())) {
            String client = tls.getLocalSocketAddress().toString();

            assertThatThrownBy(tls::startHandshake).isInstanceOf(IOException.class);
            await().untilAsserted(() -> assertThat(warnings.warnings()).containsExactly(
                    "TLS connection from " + client + " refused: listener is plaintext-only"));
        }
    }

    @Test
    void servesTheConfiguredCertificateWithAnEncryptedKey() throws Exception {
        CertifiedKey key = TestCertificates.selfSigned("configured", "EC");
        Path cert = TestCertificates.writeChain(dir.resolve("server.crt"), key.chain());
        Path keyFile = TestCertificates.writeEncryptedPkcs8(dir.resolve("server.key"), key.privateKey(), "s3cret");
        int port = listen(ServerConfig.of("127.0.0.1", 0)
                .withOption(TlsOptions.MODE, "enforcing")
                .withOption(TlsOptions.CERT_PATH, cert.toString())
                .withOption(TlsOptions.KEY_PATH, keyFile.toString())
                .withOption(TlsOptions.KEY_PASSWORD, "s3cret"), List.of());

        try (SSLSocket tls = tlsClient(port, List.of())) {
            assertThat(echo(tls)).isEqualTo(HELLO);
            assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(key.certificate());
        }
    }

    @Test
    void alpnPicksTheServersFirstProtocolTheClientOffers() throws Exception {
        int port = listen(ServerConfig.of("127.0.0.1", 0), List.of("h2", "http/1.1"));

        try (SSLSocket browser = tlsClient(port, List.of("h2", "http/1.1"))) {
            assertThat(echo(browser)).isEqualTo(HELLO);
            assertThat(browser.getApplicationProtocol()).isEqualTo("h2");
        }
        try (SSLSocket http1 = tlsClient(port, List.of("http/1.1"))) {
            assertThat(echo(http1)).isEqualTo(HELLO);
            assertThat(http1.getApplicationProtocol()).isEqualTo("http/1.1");
        }
        try (SSLSocket noAlpn = tlsClient(port, List.of())) {
            assertThat(echo(noAlpn)).isEqualTo(HELLO);
            assertThat(noAlpn.getApplicationProtocol()).isEmpty();
        }
    }

    @Test
    void offeringH2LeavesOutCipherSuitesHttp2Forbids() throws Exception {
        // Netty's default suites for an RSA key include CBC ones, which HTTP/2 forbids.
        String cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        String gcm = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        ServerConfig rsa = withCertificate(ServerConfig.of("127.0.0.1", 0), TestCertificates.selfSigned("rsa", "RSA"));
        int h2 = listen(rsa, List.of("h2", "http/1.1"));

        try (SSLSocket legacy = tls12Client(h2, cbc)) {
            assertThatThrownBy(legacy::startHandshake).isInstanceOf(IOException.class);
        }
        try (SSLSocket modern = tls12Client(h2, gcm)) {
            assertThat(echo(modern)).isEqualTo(HELLO);
        }
        server.close().syncUninterruptibly();

        int http1 = listen(rsa, List.of("http/1.1"));
        try (SSLSocket legacy = tls12Client(http1, cbc)) {
            assertThat(echo(legacy)).isEqualTo(HELLO);
        }
    }

    private ServerConfig withCertificate(ServerConfig config, CertifiedKey key) throws Exception {
        return config
                .withOption(TlsOptions.CERT_PATH, TestCertificates.writeChain(dir.resolve("server.crt"), key.chain()).toString())
                .withOption(TlsOptions.KEY_PATH, TestCertificates.writePkcs8(dir.resolve("server.key"), key.privateKey()).toString());
    }

    private int listen(ServerConfig config, List<String> alpn) {
        TlsSupport tls = TlsSupport.fromOptions(config.withOption(TlsOptions.PROVIDER, provider.toString()), alpn,
                Clock.systemUTC());
        server = new ServerBootstrap()
                .group(LOOP)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        tls.install(channel.pipeline());
                        channel.pipeline().addLast(new Echo());
                    }
                })
                .bind(config.host(), config.port())
                .syncUninterruptibly()
                .channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static Socket plainClient(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static SSLSocket tlsClient(int port, List<String> alpn) throws Exception {
        SSLSocket socket = (SSLSocket) TrustingAnyServer.context().getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static SSLSocket tls12Client(int port, String cipherSuite) throws Exception {
        SSLSocket socket = tlsClient(port, List.of("h2", "http/1.1"));
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.setEnabledCipherSuites(new String[] {cipherSuite});
        return socket;
    }

    /** Writes {@link #HELLO} and reads back as many bytes. */
    private static byte[] echo(Socket socket) throws IOException {
        socket.getOutputStream().write(HELLO);
        socket.getOutputStream().flush();
        return socket.getInputStream().readNBytes(HELLO.length);
    }

    /** The server closes (end of stream, or a reset for the bytes it never read) and sends nothing. */
    private static void assertClosedWithoutAnswer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }

    /** Sends every byte back; a failed handshake closes the connection. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
