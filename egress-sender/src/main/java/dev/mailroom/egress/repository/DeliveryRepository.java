package dev.mailroom.egress.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.Delivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, Long> {

    public Uni<List<Delivery>> forMessage(String messageId) {
        return list("messageId = ?1 order by id", messageId);
    }
}
