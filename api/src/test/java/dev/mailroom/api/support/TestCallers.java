package dev.mailroom.api.support;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import io.smallrye.mutiny.Uni;

/**
 * The key store of the domain tests: tokens that spell their caller ({@link Api#ADMIN}, or
 * {@code test-key:<permission+permission>:<domain,domain>}), so a test states each key's scope where it uses it. The
 * api's own key store is not part of these tests; platform's Bearer filter and {@code Caller} rules are. Enabled only
 * under {@link DomainsProfile} (other tests of this module keep the api's real verifier).
 */
@Alternative
@ApplicationScoped
public class TestCallers implements ApiKeyVerifier {

    @Override
    public Uni<Caller> verify(String token) {
        if (Api.ADMIN.equals(token)) {
            return Uni.createFrom().item(new Caller("admin", EnumSet.of(Permission.ADMIN), List.of("*"), null));
        }
        String[] parts = token == null ? new String[0] : token.split(":", -1);
        if (parts.length != 3 || !"test-key".equals(parts[0])) {
            return Uni.createFrom().nullItem();
        }
        Set<Permission> permissions = Arrays.stream(parts[1].split("\\+")).filter(p -> !p.isEmpty())
                .map(p -> Permission.ofWireName(p).orElseThrow()).collect(Collectors.toSet());
        return Uni.createFrom().item(new Caller(token, permissions, List.of(parts[2].split(",")), null));
    }
}
