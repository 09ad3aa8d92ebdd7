package dev.mailroom.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import java.util.ServiceLoader;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Topics;

class KafkaDefaultsTest {

    @Test
    void connectorDefaultsCarryTheRecordSizeLimitBelowApplicationProperties() {
        KafkaDefaults source = new KafkaDefaults();
        assertTrue(source.getOrdinal() < 250, "application.properties (250) must win");
        assertEquals(Integer.toString(Topics.MAX_RECORD_BYTES),
                source.getValue("mp.messaging.connector.smallrye-kafka.max.request.size"));
        assertEquals("all", source.getValue("mp.messaging.connector.smallrye-kafka.acks"));
        assertEquals("true", source.getValue("mp.messaging.connector.smallrye-kafka.enable.idempotence"));
        assertEquals("earliest", source.getValue("mp.messaging.connector.smallrye-kafka.auto.offset.reset"));
        assertEquals("127.0.0.1:19092", source.getValue("kafka.bootstrap.servers"));
    }

    @Test
    void isRegisteredAsAConfigSource() {
        assertTrue(ServiceLoader.load(ConfigSource.class).stream()
                .anyMatch(p -> p.type() == KafkaDefaults.class));
    }

    @Test
    void handBuiltClientsStartFromTheSameSettings() {
        Properties producer = KafkaDefaults.producer("h:1", "me");
        assertEquals(Integer.toString(Topics.MAX_RECORD_BYTES), producer.get("max.request.size"));
        assertEquals("all", producer.get("acks"));
        assertEquals("me", producer.get("client.id"));
        Properties consumer = KafkaDefaults.consumer("h:1", "me");
        assertEquals("earliest", consumer.get("auto.offset.reset"));
        assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer",
                consumer.get("value.deserializer"));
    }
}
