package dev.mailroom.ingress.smtp;

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
 * A Kafka broker of its own (not the JVM's shared one) that a test may stop and start again on the same ports and
 * data directory, as an operator's broker restart would. Short producer timeouts so that a stopped broker shows
 * within seconds.
 */
public class RestartableKafka implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = "dev.mailroom.ingress.smtp.RestartableKafka#LOCK";
    private static Path dir;
    private static int port;
    private static int controllerPort;
    private static KafkaNode node;

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
            return Map.of("kafka.bootstrap.servers", node.bootstrapServers(), "mailroom.kafka.delivery-timeout", "3s",
                    "mailroom.smtp.kafka-ack-timeout", "8s");
        }
    }

    static String bootstrapServers() {
        return KafkaNode.HOST + ":" + port;
    }

    /** Stops the broker (clean shutdown) and waits until it is down. */
    static void stopBroker() {
        synchronized (LOCK) {
            node.close();
        }
    }

    /** Starts the broker again on the same ports and data: every record it acknowledged is still there. */
    static void startBroker() {
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
