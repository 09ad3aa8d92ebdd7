package dev.mailroom.egress.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.model.ApiKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Uni<List<ApiKey>> listAll(boolean includeRevoked) {
        return includeRevoked ? list("order by createdAt") : list("revokedAt is null order by createdAt");
    }
}
