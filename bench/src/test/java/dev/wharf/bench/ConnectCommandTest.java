package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectCommandTest {

    private final FrameAnswerer first = new FrameAnswerer();
    private final FrameAnswerer second = new FrameAnswerer();

    @AfterEach
    void close() throws IOException {
        first.close();
        second.close();
    }

    @Test
    void withVersusTheConnectionsAlternateAndEachAddressGetsItsOwnFigures() {
        String out = run("--address", first.address(), "--versus", second.address(),
                "--connections", "20", "--warmup", "5");

        assertThat(first.accepted()).isEqualTo(25);
        assertThat(second.accepted()).isEqualTo(25);
        assertThat(out).contains("connect " + first.address() + ": 20 connections")
                .contains("connect " + second.address() + ": 20 connections")
                .contains("\"address\":\"" + first.address() + "\"")
                .contains("\"versusAddress\":\"" + second.address() + "\"")
                .contains("\"p99Ms\":", "\"versusP99Ms\":", "\"versusClientCpuP99Ms\":");
    }

    @Test
    void withoutVersusOnlyTheAddressIsMeasured() {
        String out = run("--address", first.address(), "--connections", "10", "--warmup", "0");

        assertThat(first.accepted()).isEqualTo(10);
        assertThat(second.accepted()).isZero();
        assertThat(out).contains("\"p99Ms\":").doesNotContain("versus");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new ConnectCommand()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Answers each connection's one length-prefixed frame with an empty frame, then waits for the client to close. */
    private static final class FrameAnswerer implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();

        FrameAnswerer() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(this::serve, "frame-answerer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    accepted.incrementAndGet();
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readFully(new byte[in.readInt()]);
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(4);
                    out.writeInt(0);
                    out.flush();
                    in.read();
                } catch (IOException closedOrReset) {
                    // The next connection, or the end of the test.
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
