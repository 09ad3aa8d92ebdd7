package dev.mailroom.egress.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.egress.model.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OutboundMessageRepository implements PanacheRepositoryBase<OutboundMessage, String> {

    /**
     * The message whose Message-ID header is {@code messageId} (angle brackets included, as stored), locked for
     * update; null when none. Several matches cannot come from our own ids; the oldest is taken.
     */
    public Uni<OutboundMessage> lockedByMessageId(String messageId) {
        return find("messageId = ?1 order by createdAt", messageId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
