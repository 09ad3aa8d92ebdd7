package dev.mailroom.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.mailroom.contract.Topics;

/**
 * Mailroom's Kafka client settings, written once, as a configuration source below {@code application.properties}
 * (ordinal {@value #ORDINAL}; {@code application.properties} is 250, environment variables 300): every
 * {@code smallrye-kafka} channel of every service gets them unless its own configuration says otherwise.
 *
 * <ul>
 * <li>{@code kafka.bootstrap.servers=127.0.0.1:19092}: the local stack ({@code bin/mailroom up});</li>
 * <li>producers: {@code acks=all} and {@code enable.idempotence=true} (a record is acknowledged once every in-sync
 * replica has it, without duplicates on retry; ADR 0007), {@code max.request.size} = {@link Topics#MAX_RECORD_BYTES}
 * (a 25 MiB message passes; ADR 0004), no compression (Kafka's default: records are mostly mail already encoded,
 * and the broker's size checks stay simple);</li>
 * <li>consumers: {@code auto.offset.reset=earliest} (a new group reads what was published before it existed);
 * fetch sizes stay Kafka's (a larger record still comes, alone; larger limits would only let a backlog fill the
 * heap).</li>
 * </ul>
 *
 * Hand-built clients (ingress-smtp's publishers) start from {@link #producer(String, String)} and
 * {@link #consumer(String, String)}. Registered through {@code META-INF/services}; read at startup, immutable.
 */
public class KafkaDefaults implements ConfigSource {

    /** Below {@code application.properties} (250) and {@code META-INF/microprofile-config.properties} (100). */
    public static final int ORDINAL = 90;

    /** The local stack's broker. */
    public static final String BOOTSTRAP_SERVERS = "127.0.0.1:19092";

    /** Prefix of connector-wide settings of SmallRye Reactive Messaging's Kafka connector. */
    static final String CONNECTOR = "mp.messaging.connector.smallrye-kafka.";

    /** Settings every producer shares (without bootstrap, client id and serializers). */
    public static final Map<String, String> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES),
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

    /** Settings every consumer shares (without bootstrap, group, client id and deserializers). */
    public static final Map<String, String> CONSUMER = Map.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

    private static final Map<String, String> PROPERTIES;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", BOOTSTRAP_SERVERS);
        PRODUCER.forEach((k, v) -> p.put(CONNECTOR + k, v));
        CONSUMER.forEach((k, v) -> p.put(CONNECTOR + k, v));
        PROPERTIES = Map.copyOf(p);
    }

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "mailroom-kafka-defaults";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    /**
     * The shared producer settings for a hand-built {@code KafkaProducer<String, byte[]>}: bootstrap servers,
     * client id, String keys, byte[] values, then {@link #PRODUCER}. Callers add or override what is theirs
     * (linger, timeouts, buffer).
     */
    public static Properties producer(String bootstrapServers, String clientId) {
        return client(bootstrapServers, clientId, Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()), PRODUCER);
    }

    /**
     * The shared consumer settings for a hand-built {@code KafkaConsumer<String, byte[]>}: bootstrap servers, client
     * id, String keys, byte[] values, then {@link #CONSUMER}.
     */
    public static Properties consumer(String bootstrapServers, String clientId) {
        return client(bootstrapServers, clientId, Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()), CONSUMER);
    }

    private static Properties client(String bootstrapServers, String clientId, Map<String, String> codecs,
            Map<String, String> shared) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(codecs);
        props.putAll(shared);
        return props;
    }
}
