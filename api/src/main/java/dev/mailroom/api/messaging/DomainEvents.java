package dev.mailroom.api.messaging;

import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.platform.events.EventProducer;
import dev.mailroom.platform.events.Events;
import io.smallrye.mutiny.Uni;

/**
 * The domain store's events on {@code mailroom.events} ({@code domain.record-broken}, {@code domain.verified}), built by platform's
 * {@link Events} with {@code service} = {@code api} and sent by its {@link EventProducer}: fire and forget, never
 * blocking nor failing the caller (a lost event is logged and counted there). Published after the state they
 * describe is committed.
 */
@ApplicationScoped
public class DomainEvents {

    public static final Events EVENTS = new Events("api");

    private final EventProducer producer;

    public DomainEvents(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new EventProducer(bootstrapServers, "api-events");
    }

    /** An event of this service: key = {@code messageId} (for domain events, the domain). */
    public static MailroomEvent event(String type, String messageId, String discriminator, Map<String, String> detail) {
        return EVENTS.event(type, messageId, discriminator, detail);
    }

    /** Queues every event of {@code list} for sending. */
    public Uni<Void> publishAll(List<MailroomEvent> list) {
        list.forEach(producer::publish);
        return Uni.createFrom().voidItem();
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
