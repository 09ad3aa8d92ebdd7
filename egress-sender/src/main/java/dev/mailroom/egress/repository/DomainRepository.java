package dev.mailroom.egress.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.Domain;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DomainRepository implements PanacheRepositoryBase<Domain, String> {
}
