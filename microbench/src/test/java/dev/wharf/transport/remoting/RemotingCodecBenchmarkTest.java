package dev.wharf.transport.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.transport.spi.RemotingCommand;
import dev.wharf.transport.spi.RequestCode;
import dev.wharf.transport.spi.SerializeType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemotingCodecBenchmarkTest {

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void decodeReadsBackTheRequestTheBenchmarkEncodes(SerializeType header) {
        withBenchmark(header, benchmark -> {
            RemotingCommand sent = RemotingCodecBenchmark.sendMessageV2(header);
            RemotingCommand decoded = (RemotingCommand) benchmark.decode();

            assertThat(decoded.code()).isEqualTo(RequestCode.SEND_MESSAGE_V2);
            assertThat(decoded.serializeType()).isEqualTo(header);
            assertThat(decoded.extFields()).containsAllEntriesOf(withoutBornTimestamp(sent));
            assertThat(decoded.body()).hasSize(1024);
            assertThat(benchmark.encode()).isGreaterThan(1024);
        });
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void everyDecodeStartsFromTheWholeFrame(SerializeType header) {
        withBenchmark(header, benchmark -> {
            RemotingCommand first = (RemotingCommand) benchmark.decode();
            RemotingCommand second = (RemotingCommand) benchmark.decode();

            assertThat(second.extFields()).isEqualTo(first.extFields());
            assertThat(second.body()).isEqualTo(first.body());
        });
    }

    /** Runs {@code check} against a benchmark set up as JMH would for one trial, then releases its frame. */
    private static void withBenchmark(SerializeType header, Consumer<RemotingCodecBenchmark> check) {
        RemotingCodecBenchmark benchmark = new RemotingCodecBenchmark();
        benchmark.header = header;
        benchmark.prepare();
        try {
            check.accept(benchmark);
        } finally {
            benchmark.release();
        }
    }

    /** Each call stamps a new born timestamp ("g"); everything else must come back as sent. */
    private static Map<String, String> withoutBornTimestamp(RemotingCommand command) {
        Map<String, String> fields = new HashMap<>(command.extFields());
        fields.remove("g");
        return fields;
    }
}
