package dev.mailroom.ingress.messaging;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.Topics;
import dev.mailroom.platform.events.EventProducer;
import dev.mailroom.platform.events.Events;
import io.quarkus.logging.Log;

/**
 * Publishes ingress lifecycle events ({@code inbound.received}, {@code inbound.rejected}) to {@link Topics#EVENTS},
 * keyed by the inbound id, through platform's fire-and-forget {@link EventProducer}: an event never delays or
 * changes an SMTP reply, even when the broker is down. A producer of its own, separate from {@link MailPublisher}:
 * events are not worth {@code acks=all} waits or a share of the raw-message producer's buffer.
 */
@ApplicationScoped
public class EventPublisher {

    static final Events EVENTS = new Events("ingress-smtp");

    private final EventProducer producer;

    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new EventProducer(bootstrapServers, "ingress-smtp-events");
    }

    /** Queues the event {@code type} about {@code inboundId}; never blocks, never throws. */
    public void publish(String type, String inboundId, Map<String, String> detail) {
        try {
            producer.publish(EVENTS.event(type, inboundId, detail));
        } catch (RuntimeException e) {
            Log.warnf("event dropped type=%s inboundId=%s error=%s", type, inboundId, e.toString());
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
