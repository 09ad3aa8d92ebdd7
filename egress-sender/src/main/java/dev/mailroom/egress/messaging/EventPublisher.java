package dev.mailroom.egress.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.platform.events.Events;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes delivery events to {@code mailroom.events}, keyed by send id, on the {@code events} channel: built by
 * platform's {@link Events} (ids, service, time, the event header set; the connector adds the trace context).
 * Events are published after the state they describe is committed; a failed publication is logged and counted, the
 * state (GET /v1/messages/{id}) stays the source of truth.
 */
@ApplicationScoped
public class EventPublisher {

    public static final Events EVENTS = new Events("egress-sender");

    private final MutinyEmitter<byte[]> events;

    public EventPublisher(@Channel(Channels.EVENTS) MutinyEmitter<byte[]> events) {
        this.events = events;
    }

    /** An event about one send; {@code discriminator} makes its id unique (e.g. recipient and attempt). */
    public static MailroomEvent event(String type, String sendId, String discriminator, Map<String, String> detail) {
        return EVENTS.event(type, sendId, discriminator, detail);
    }

    public Uni<Void> publish(MailroomEvent event) {
        return events.sendMessage(Message.of(Json.encode(event)).addMetadata(OutgoingKafkaRecordMetadata
                .<String>builder().withKey(event.messageId()).withHeaders(Events.headers(event, null)).build()))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("event not published type=%s sendId=%s error=%s", event.type(), event.messageId(),
                            e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    public Uni<Void> publishAll(List<MailroomEvent> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(list.stream().map(this::publish).toList()).andCollectFailures().replaceWithVoid();
    }
}
