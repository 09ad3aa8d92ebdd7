package dev.mailroom.egress.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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

    /**
     * The message whose Message-ID header is {@code messageId} (angle brackets included, as stored), locked for
     * update; null when none. Several matches cannot come from our own ids; the oldest is taken.
     */
    public Uni<OutboundMessage> lockedByMessageId(String messageId) {
        return find("messageId = ?1 order by createdAt", messageId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
