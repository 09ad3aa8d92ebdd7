package dev.mailroom.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Small helpers shared by the nodes, the launcher and the test resources. */
public final class StackSupport {

    /** System property: level of the embedded servers' own loggers in tests (JUL name, default WARNING). */
    public static final String TEST_SERVER_LOG_LEVEL = "mailroom.test.server-log-level";

    /** Logger categories of the Kafka broker/controller and of zonky's PostgreSQL output (not of Kafka clients). */
    static final List<String> SERVER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.controller", "org.apache.kafka.server", "org.apache.kafka.storage",
            "org.apache.kafka.image", "org.apache.kafka.raft", "org.apache.kafka.metadata",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "io.zonky.test.db.postgres");

    /** Strong references: java.util.logging forgets the level of a logger that is garbage collected. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private StackSupport() {
    }

    /**
     * In the services' tests (Quarkus: jboss-logmanager behind java.util.logging), turns the embedded servers' INFO
     * chatter (about a thousand lines per start) down to {@value #TEST_SERVER_LOG_LEVEL} (default WARNING). Only
     * touches java.util.logging levels, no binding; a {@code quarkus.log.category."kafka".level} set by the
     * application still wins once Quarkus starts.
     */
    static synchronized void quietServerLogsForTests() {
        Level level;
        try {
            level = Level.parse(System.getProperty(TEST_SERVER_LOG_LEVEL, "WARNING"));
        } catch (IllegalArgumentException e) {
            level = Level.WARNING;
        }
        for (String name : SERVER_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            QUIETED.add(logger);
        }
    }

    /** Lowest port handed out by {@link #freePort()}. */
    static final int LOWEST_PORT = 10_000;

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A TCP port that is free on every interface right now, below the kernel's ephemeral range when it can be (another
     * process may still take it before you bind it). {@code new ServerSocket(0)} answers a port from the ephemeral
     * range, which any outgoing connection may then take as its local port before the server binds it: CI saw
     * egress-sender refuse to start on such a port. Ports from this method are also never handed out twice in one JVM.
     */
    public static int freePort() {
        int high = ephemeralLow() - 1;
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; high > LOWEST_PORT && attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST_PORT, high + 1);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** First port of Linux's ephemeral range ({@code net.ipv4.ip_local_port_range}); 32768 when unknown. */
    static int ephemeralLow() {
        // Not Files.readString: on this file it returned "3" (procfs reports size 0, the JDK read a partial buffer).
        try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Removes a directory tree, best effort (for temporary data directories). */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
