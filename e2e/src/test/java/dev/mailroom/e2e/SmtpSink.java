package dev.mailroom.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} as the smarthost: a real SMTP server that writes every transaction it receives to a
 * file of its own in a dump folder.
 */
final class SmtpSink implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    final int port = Stack.freePort();
    final Path dump;
    private Process process;

    SmtpSink(Path dump) throws IOException {
        this.dump = dump;
        start();
    }

    /** Starts smtp-sink on {@link #port} (again, after {@link #close()}: a destination coming back). */
    void start() throws IOException {
        Files.createDirectories(dump);
        // as root smtp-sink drops to the -u user, who must reach the folder and write the dump files in it
        Files.setPosixFilePermissions(dump.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-d", dump + "/%H%M%S.", "127.0.0.1:" + port, "64"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dump.resolveSibling("smtp-sink.log").toFile()))
                .start();
    }

    /** The messages received so far, each as text (smtp-sink's envelope lines, then the message). */
    List<String> messages() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("smtp-sink exited: "
                    + Files.readString(dump.resolveSibling("smtp-sink.log"), StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.list(dump)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
            return out;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
