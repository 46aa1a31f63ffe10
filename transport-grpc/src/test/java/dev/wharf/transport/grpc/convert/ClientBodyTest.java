package dev.wharf.transport.grpc.convert;

import static org.assertj.core.api.Assertions.assertThat;

import apache.rocketmq.v2.Encoding;
import dev.wharf.message.MessageSysFlag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class ClientBodyTest {

    @Test
    void anUncompressedBodyIsSentAsItIs() {
        byte[] body = {1, 2, 3};

        ClientBody view = ClientBody.of(body, 0);

        assertThat(view.bytes()).isSameAs(body);
        assertThat(view.encoding()).isEqualTo(Encoding.IDENTITY);
    }

    @Test
    void aBodyThatWouldInflateBeyondTheBoundIsSentCompressed() throws IOException {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i <= ClientBody.MAX_INFLATED_BYTES >> 20; i++) {
                out.write(zeros);
            }
        }
        byte[] bomb = zlib.toByteArray();

        ClientBody view = ClientBody.of(bomb, MessageSysFlag.COMPRESSED_FLAG);

        assertThat(view.bytes()).isSameAs(bomb);
        assertThat(view.encoding()).isEqualTo(Encoding.GZIP);
    }
}
