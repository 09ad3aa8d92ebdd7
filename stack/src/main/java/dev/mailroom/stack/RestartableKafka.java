package dev.mailroom.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: a Kafka broker of the test class's own (not the JVM's shared one) that a test stops and
 * starts again on the same ports and data directory, as an operator's broker restart would. A service's subclass
 * adds the short timeouts that make a stopped broker show within seconds ({@link #settings()}).
 */
public abstract class RestartableKafka implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = "dev.mailroom.stack.RestartableKafka#LOCK";
    private static Path dir;
    private static int port;
    private static int controllerPort;
    private static KafkaNode node;

    /** The service's settings besides {@code kafka.bootstrap.servers} (its producer timeouts). */
    protected abstract Map<String, String> settings();

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            try {
                dir = Files.createTempDirectory("mailroom-restartable-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = StackSupport.freePort();
            controllerPort = StackSupport.freePort();
            node = KafkaNode.start(dir, port, controllerPort);
            TopicCreator.ensure(node.bootstrapServers());
            Map<String, String> config = new HashMap<>(settings());
            config.put("kafka.bootstrap.servers", node.bootstrapServers());
            return config;
        }
    }

    /** {@code host:port} of the broker, stopped or not. */
    public static String bootstrapServers() {
        return KafkaNode.HOST + ":" + port;
    }

    /** Stops the broker (clean shutdown) and waits until it is down. */
    public static void stopBroker() {
        synchronized (LOCK) {
            node.close();
        }
    }

    /** Starts the broker again on the same ports and data: every record it acknowledged is still there. */
    public static void startBroker() {
        synchronized (LOCK) {
            node = KafkaNode.start(dir, port, controllerPort);
        }
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            if (node != null) {
                node.close();
            }
            StackSupport.deleteRecursively(dir);
        }
    }
}
