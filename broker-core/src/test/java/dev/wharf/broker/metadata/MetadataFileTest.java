package dev.wharf.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileNeverWrittenReadsAsEmpty() {
        assertThat(new MetadataFile(dir.resolve("config/none.json")).read()).isEmpty();
    }

    @Test
    void writesReplaceTheWholeContentAndLeaveNoTemporaryFile() throws IOException {
        MetadataFile file = new MetadataFile(dir.resolve("config/offsets.json"));

        file.write("{\"first\":\"a much longer first version\"}".getBytes(StandardCharsets.UTF_8));
        file.write("{\"v\":2}".getBytes(StandardCharsets.UTF_8));

        assertThat(file.read()).hasValueSatisfying(content ->
                assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}"));
        try (var files = Files.list(dir.resolve("config"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("offsets.json");
        }
    }
}
