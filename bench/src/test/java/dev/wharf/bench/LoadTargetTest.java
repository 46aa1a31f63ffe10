package dev.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadTargetTest {

    @Test
    void reportsNameTheClientTheAddressAndTls() {
        LoadTarget grpc = new LoadTarget(LoadTarget.Protocol.GRPC, "127.0.0.1:8081", true, "t");

        assertThat(grpc.describe()).isEqualTo("grpc 127.0.0.1:8081 (tls)");
        assertThat(grpc.putInto(new JsonLine()).toString())
                .isEqualTo("{\"protocol\":\"grpc\",\"address\":\"127.0.0.1:8081\",\"tls\":true,\"topic\":\"t\"}");
    }

    @Test
    void theRemotingClientRunsWithoutTls() {
        assertThatThrownBy(() -> new LoadTarget(LoadTarget.Protocol.REMOTING, "127.0.0.1:8080", true, "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grpcCommandsSpeakPlaintextUnlessToldOtherwise() {
        GrpcTargetOptions plain = parse("--endpoint", "h:1", "--topic", "t");
        GrpcTargetOptions tls = parse("--endpoint", "h:1", "--topic", "t", "--tls");

        assertThat(plain.target()).isEqualTo(new LoadTarget(LoadTarget.Protocol.GRPC, "h:1", false, "t"));
        assertThat(tls.target().tls()).isTrue();
    }

    private static GrpcTargetOptions parse(String... args) {
        GrpcTargetOptions options = new GrpcTargetOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
