package dev.wharf.gateway.plugins;

import dev.wharf.transport.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars in tests: compiles sources against the test class path (the SPI, Netty, and whatever
 * libraries a source names) and packs the classes with a {@code META-INF/services} file naming the providers.
 *
 * <pre>{@code
 * Path jar = PluginJars.jar(folder.resolve("echo.jar"), PluginJars.sourcesIn(PluginJars.LINE_ECHO_SOURCES),
 *         List.of(PluginJars.LINE_ECHO_PROVIDER));
 * }</pre>
 */
public final class PluginJars {

    /** The line-echo plugin's sources, relative to the gateway module. */
    public static final Path LINE_ECHO_SOURCES = Path.of("src/test/plugin-sources/line-echo");
    /** Its provider class. */
    public static final String LINE_ECHO_PROVIDER = "com.example.lineecho.LineEchoProvider";
    /** The Caffeine the dependency plugin copies for the tests, another version than Wharf's. */
    public static final Path OTHER_CAFFEINE = Path.of("target/plugin-test-libraries/caffeine-2.9.3.jar");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern TOP_LEVEL_TYPE =
            Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|interface|record|enum)\\s+(\\w+)");

    private PluginJars() {}

    /** The line-echo plugin as a folder: its jar and the other Caffeine beside it. */
    public static Path lineEchoFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        jar(folder.resolve("line-echo.jar"), sourcesIn(LINE_ECHO_SOURCES), List.of(LINE_ECHO_PROVIDER));
        Files.copy(OTHER_CAFFEINE, folder.resolve(OTHER_CAFFEINE.getFileName()));
        return folder;
    }

    /** Every {@code .java} file under {@code root}, by path, as text. */
    public static List<String> sourcesIn(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<String> sources = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
            return sources;
        }
    }

    /**
     * Compiles {@code sources} and writes {@code jar} with their classes and a services file listing
     * {@code serviceEntries} (which need not exist, for a broken plugin).
     */
    public static Path jar(Path jar, List<String> sources, List<String> serviceEntries) throws IOException {
        Path work = Files.createTempDirectory("plugin-build");
        Path sourceDir = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of(
                "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none"));
        for (String source : sources) {
            Path file = sourceDir.resolve(className(source).replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            arguments.add(file.toString());
        }
        if (!sources.isEmpty()) {
            compile(arguments);
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + TransportProvider.class.getName()));
            writeLines(out, serviceEntries);
            out.closeEntry();
        }
        return jar;
    }

    private static void compile(List<String> arguments) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        if (compiler.run(null, messages, messages, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("a test plugin does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        }
    }

    private static String className(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        Matcher type = TOP_LEVEL_TYPE.matcher(source);
        if (!pkg.find() || !type.find()) {
            throw new IllegalArgumentException("a test plugin source needs a package and a top-level type");
        }
        return pkg.group(1) + "." + type.group(1);
    }

    private static void writeLines(OutputStream out, List<String> lines) {
        try {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
