package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on a free loopback port, with its fault options (see {@code man smtp-sink}): it
 * advertises PIPELINING, ENHANCEDSTATUSCODES and DSN, not SMTPUTF8. Each transaction is dumped to a file. The
 * binary must be installed (CI installs Postfix): the tests using it fail otherwise.
 */
final class SmtpSink implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final Path dump;
    private final int port;

    SmtpSink(String... options) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Postfix (apt-get install postfix)");
        }
        dump = Files.createTempDirectory("smtp-sink");
        dump.toFile().setWritable(true, false);
        dump.toFile().setExecutable(true, false);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("-u");
            command.add("nobody");
        }
        command.add("-d");
        command.add(dump + "/%M.");
        command.addAll(List.of(options));
        command.add("127.0.0.1:" + port);
        command.add("10");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dump.resolveSibling(dump.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                s.getInputStream().read(); // the greeting: the server is ready
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("smtp-sink did not start on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    SmtpEndpoint endpoint() {
        return new SmtpEndpoint("127.0.0.1", port, TlsPolicy.NONE, null, false);
    }

    /** The dumped transactions: smtp-sink's X-Mail-Args / X-Rcpt-Args lines, then the message. */
    List<String> transactions() throws IOException {
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
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
