package dev.mailroom.ingress.smtp;

import java.util.Map;

/**
 * A Kafka broker of its own (stack's {@link dev.mailroom.stack.RestartableKafka}) with short producer timeouts, so
 * that a stopped broker shows within seconds.
 */
public class RestartableKafka extends dev.mailroom.stack.RestartableKafka {

    @Override
    protected Map<String, String> settings() {
        return Map.of("mailroom.kafka.delivery-timeout", "3s", "mailroom.smtp.kafka-ack-timeout", "8s");
    }
}
