package dev.wharf.compat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where server output goes: a fresh file per server start under {@code target/}, kept for diagnosis. */
final class OutputFiles {

    /** System property set by the build to the module's {@code target/gateway-logs}. */
    static final String OUTPUT_DIR_PROPERTY = "wharf.compat.outputDir";

    private OutputFiles() {}

    static Path directory() {
        Path dir = Path.of(System.getProperty(OUTPUT_DIR_PROPERTY, "target/gateway-logs"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code <label>-1.log}, or the next number when an earlier start already used that name. */
    static Path newLogFile(String label) {
        Path dir = directory();
        for (int n = 1; ; n++) {
            try {
                return Files.createFile(dir.resolve(label + "-" + n + ".log"));
            } catch (FileAlreadyExistsException taken) {
                // a restart of the same test, or a previous build's file: take the next number
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
