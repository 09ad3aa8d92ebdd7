package dev.mailroom.egress.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.MessageStatus;
import dev.mailroom.egress.model.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OutboundMessageRepository implements PanacheRepositoryBase<OutboundMessage, String> {

    /** REST-accepted messages older than {@code before} that may not have reached Kafka yet (outbox backstop). */
    public Uni<List<OutboundMessage>> acceptedBefore(Instant before, int limit) {
        return find("status = ?1 and createdAt < ?2 order by createdAt", MessageStatus.ACCEPTED.value(), before)
                .page(0, limit).list();
    }
}
