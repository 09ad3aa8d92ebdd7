package dev.mailroom.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: one PostgreSQL server per JVM ({@link PostgresNode} on a free port and a temporary data
 * directory), started on first use, shared by every test class, stopped and deleted by a JVM shutdown hook. The
 * database {@code mailroom} and role {@code mailroom}/{@code mailroom} exist. Usage:
 * {@code @WithTestResource(PostgresTestResource.class)} on a {@code @QuarkusTest}.
 *
 * <p>Set the system property {@value #PORT_PROPERTY} before the tests to use a running server on 127.0.0.1 instead
 * (for example the one of {@code bin/mailroom up}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** Holds the port of the JVM's server once started; preset it to use an external server. */
    public static final String PORT_PROPERTY = "mailroom-test.postgres.port";

    /** JVM-wide lock (see {@link KafkaTestResource}). */
    private static final Object LOCK = "dev.mailroom.stack.PostgresTestResource#LOCK";

    /** The server's port on 127.0.0.1, starting the server if this is the first call in the JVM. */
    public static int port() {
        synchronized (LOCK) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                port = Integer.toString(startServer());
                System.setProperty(PORT_PROPERTY, port);
            }
            return Integer.parseInt(port);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/mailroom}. */
    public static String jdbcUrl() {
        return PostgresNode.jdbcUrl(port());
    }

    /** {@code postgresql://127.0.0.1:port/mailroom}. */
    public static String reactiveUrl() {
        return PostgresNode.reactiveUrl(port());
    }

    private static int startServer() {
        StackSupport.quietServerLogsForTests();
        Path dir;
        try {
            dir = Files.createTempDirectory("mailroom-test-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresNode node = PostgresNode.start(dir, StackSupport.freePort(), false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            StackSupport.deleteRecursively(dir);
        }, "mailroom-test-postgres-stop"));
        return node.port();
    }

    @Override
    public Map<String, String> start() {
        int port = port();
        return Map.of(
                "quarkus.datasource.reactive.url", PostgresNode.reactiveUrl(port),
                "quarkus.datasource.jdbc.url", PostgresNode.jdbcUrl(port),
                "quarkus.datasource.username", PostgresNode.USER,
                "quarkus.datasource.password", PostgresNode.PASSWORD);
    }

    /** Keeps the server running for the next test class; the JVM shutdown hook stops it. */
    @Override
    public void stop() {
    }
}
