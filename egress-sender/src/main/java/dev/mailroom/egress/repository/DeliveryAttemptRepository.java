package dev.mailroom.egress.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.DeliveryAttempt;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryAttemptRepository implements PanacheRepositoryBase<DeliveryAttempt, Long> {

    public Uni<List<DeliveryAttempt>> forMessage(String messageId) {
        return list("messageId = ?1 order by id", messageId);
    }
}
