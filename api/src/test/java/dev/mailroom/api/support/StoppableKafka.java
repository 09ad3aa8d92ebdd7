package dev.mailroom.api.support;

import java.util.Map;

import dev.mailroom.stack.RestartableKafka;

/**
 * A broker of the test class's own, which the test stops and starts again (same ports, same data), and a short
 * {@code mailroom.send.kafka-timeout} (2 s) so a stopped broker shows at once.
 */
public class StoppableKafka extends RestartableKafka {

    @Override
    protected Map<String, String> settings() {
        return Map.of("mailroom.send.kafka-timeout", "2s");
    }
}
