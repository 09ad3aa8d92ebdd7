package dev.mailroom.mailbox.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import io.smallrye.mutiny.Uni;

/**
 * {@code mailroom.events} → the customer event log: a consumer of its own (channel {@value #CHANNEL}, group
 * {@code mailroom-mailbox-hooks}, dead letters {@code mailroom.events.mailbox.dlq}), apart from the delivery rows
 * that the {@code events} channel writes. An undecodable record or a database failure goes to the dead-letter
 * topic; a record whose message is not here yet is parked ({@link EventLogger}), not failed.
 */
@ApplicationScoped
public class EventLogConsumer {

    /** The channel (shared with the tests). */
    public static final String CHANNEL = "events-hooks";

    private final EventLogger logger;

    EventLogConsumer(EventLogger logger) {
        this.logger = logger;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(byte[] value) {
        MailroomEvent event = Json.decode(value, MailroomEvent.class, MailroomEvent.VERSION);
        return logger.accept(event);
    }
}
