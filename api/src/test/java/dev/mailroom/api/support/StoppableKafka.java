package dev.mailroom.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.mailroom.stack.KafkaNode;
import dev.mailroom.stack.StackSupport;
import dev.mailroom.stack.TopicCreator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A broker of the test class's own, which the test stops and starts again (same ports, same data), and a short
 * {@code mailroom.send.kafka-timeout} (2 s) so a stopped broker shows at once.
 */
public class StoppableKafka implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = "dev.mailroom.api.support.StoppableKafka#LOCK";
    private static Path dir;
    private static KafkaNode node;
    private static int port;
    private static int controllerPort;

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            try {
                dir = Files.createTempDirectory("mailroom-api-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = StackSupport.freePort();
            controllerPort = StackSupport.freePort();
            node = KafkaNode.start(dir, port, controllerPort);
            TopicCreator.ensure(node.bootstrapServers());
            return Map.of("kafka.bootstrap.servers", bootstrapServers(), "mailroom.send.kafka-timeout", "2s");
        }
    }

    public static String bootstrapServers() {
        return KafkaNode.HOST + ":" + port;
    }

    /** Stops the broker (clean shutdown). */
    public static void stopBroker() {
        synchronized (LOCK) {
            node.close();
        }
    }

    /** Starts it again on the same ports and data. */
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
