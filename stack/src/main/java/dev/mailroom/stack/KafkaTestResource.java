package dev.mailroom.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: one real Kafka broker per JVM ({@link KafkaNode} on free ports and a temporary directory),
 * started on first use, shared by every test class, stopped and deleted by a JVM shutdown hook. All topics of
 * {@code Topics.ALL} exist. Usage: {@code @WithTestResource(KafkaTestResource.class)} on a {@code @QuarkusTest}.
 *
 * <p>Set the system property {@value #BOOTSTRAP_PROPERTY} before the tests to use a running broker instead (for
 * example the one of {@code bin/mailroom up}); its topics are ensured too.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Holds the bootstrap servers of the JVM's broker once started; preset it to use an external broker. */
    public static final String BOOTSTRAP_PROPERTY = "mailroom-test.kafka.bootstrap";

    /**
     * JVM-wide lock. Quarkus may load this class in more than one class loader, so the singleton lives in a system
     * property and the lock is a string literal, which the JVM interns once for all class loaders.
     */
    private static final Object LOCK = "dev.mailroom.stack.KafkaTestResource#LOCK";

    private static volatile boolean topicsEnsured;

    /** The broker's {@code host:port}, starting the broker if this is the first call in the JVM. */
    public static String bootstrapServers() {
        synchronized (LOCK) {
            String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
            if (bootstrap == null) {
                bootstrap = startBroker();
                System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
            } else if (!topicsEnsured) {
                TopicCreator.ensure(bootstrap);
            }
            topicsEnsured = true;
            return bootstrap;
        }
    }

    private static String startBroker() {
        StackSupport.quietServerLogsForTests();
        Path dir;
        try {
            dir = Files.createTempDirectory("mailroom-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaNode node = KafkaNode.start(dir, StackSupport.freePort(), StackSupport.freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            StackSupport.deleteRecursively(dir);
        }, "mailroom-test-kafka-stop"));
        TopicCreator.ensure(node.bootstrapServers());
        return node.bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** Keeps the broker running for the next test class; the JVM shutdown hook stops it. */
    @Override
    public void stop() {
    }
}
