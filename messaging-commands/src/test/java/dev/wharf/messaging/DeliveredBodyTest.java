package dev.wharf.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.message.MessageSysFlag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class DeliveredBodyTest {

    @Test
    void anUncompressedBodyIsSentAsItIs() {
        byte[] body = {1, 2, 3};

        DeliveredBody view = DeliveredBody.of(body, 0);

        assertThat(view.bytes()).isSameAs(body);
        assertThat(view.compressed()).isFalse();
    }

    @Test
    void aBodyThatWouldInflateBeyondTheBoundIsSentCompressed() throws IOException {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i <= DeliveredBody.MAX_INFLATED_BYTES >> 20; i++) {
                out.write(zeros);
            }
        }
        byte[] bomb = zlib.toByteArray();

        DeliveredBody view = DeliveredBody.of(bomb, MessageSysFlag.COMPRESSED_FLAG);

        assertThat(view.bytes()).isSameAs(bomb);
        assertThat(view.compressed()).isTrue();
    }
}
