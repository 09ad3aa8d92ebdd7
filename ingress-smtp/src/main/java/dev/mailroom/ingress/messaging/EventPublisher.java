package dev.mailroom.ingress.messaging;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.Topics;
import dev.mailroom.platform.kafka.KafkaDefaults;
import io.quarkus.logging.Log;

/**
 * Publishes ingress lifecycle events ({@code inbound.received}, {@code inbound.rejected}) to {@link Topics#EVENTS},
 * keyed by the inbound id. Fire and forget: {@link #publish} only queues the event for one sender thread and
 * returns at once, so an event never delays or changes an SMTP reply, even when the broker is down (where
 * {@code send} itself may block on metadata). A full queue or a failed send is logged and the event is lost; the
 * message itself is not affected.
 *
 * <p>A producer of its own, separate from {@link MailPublisher}: events are not worth {@code acks=all} waits or
 * a share of the raw-message producer's buffer.
 */
@ApplicationScoped
public class EventPublisher {

    static final String SERVICE = "ingress-smtp";

    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "ingress-smtp-events");
                t.setDaemon(true);
                return t;
            });

    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        // platform's shared settings, then this producer's own: events are not worth acks=all waits
        Properties props = KafkaDefaults.producer(bootstrapServers, "ingress-smtp-events");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props);
    }

    /** Queues {@code MailroomEvent.of(type, inboundId, "ingress-smtp", detail)}; never blocks, never throws. */
    public void publish(String type, String inboundId, Map<String, String> detail) {
        try {
            MailroomEvent event = MailroomEvent.of(type, inboundId, SERVICE, detail);
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            Log.warnf("event dropped type=%s inboundId=%s reason=queue-full", type, inboundId);
        } catch (RuntimeException e) {
            Log.warnf("event dropped type=%s inboundId=%s error=%s", type, inboundId, e.toString());
        }
    }

    private void send(MailroomEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.EVENTS, event.messageId(), Json.encode(event)),
                    (metadata, error) -> {
                        if (error != null) {
                            Log.warnf("event not published type=%s inboundId=%s error=%s", event.type(),
                                    event.messageId(), error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            Log.warnf("event not published type=%s inboundId=%s error=%s", event.type(), event.messageId(),
                    e.toString());
        }
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
