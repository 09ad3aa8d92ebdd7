package dev.mailroom.api.support;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import io.smallrye.mutiny.Uni;

/**
 * The send tests' key store: a fixed table of keys with the scopes the tests need (permissions × domains), standing
 * in for the api's key store through platform's {@link ApiKeyVerifier} seam. An {@link Alternative} enabled only by
 * {@link SendProfile}, so other tests of the module keep the real verifier.
 */
@Alternative
@ApplicationScoped
public class TestKeys implements ApiKeyVerifier {

    /** Every permission, every domain. */
    public static final String ADMIN = "mr_admin_0123456789abcdef0123456789";
    /** send + read for mail.test. */
    public static final String MAILER = "mr_mailer_0123456789abcdef0123456789";
    /** read only, mail.test. */
    public static final String READER = "mr_reader_0123456789abcdef0123456789";
    /** send for every domain ({@code *}), not admin. */
    public static final String ANY_DOMAIN = "mr_anydomain_0123456789abcdef012345";

    private static final Map<String, Caller> KEYS = Map.of(
            ADMIN, new Caller("admin", EnumSet.of(Permission.ADMIN), List.of(Caller.ALL_DOMAINS), null),
            MAILER, new Caller("mailer", EnumSet.of(Permission.SEND, Permission.READ), List.of("mail.test"), null),
            READER, new Caller("reader", EnumSet.of(Permission.READ), List.of("mail.test"), null),
            ANY_DOMAIN, new Caller("anydomain", EnumSet.of(Permission.SEND), List.of(Caller.ALL_DOMAINS), null));

    @Override
    public Uni<Caller> verify(String token) {
        return Uni.createFrom().item(token == null ? null : KEYS.get(token));
    }
}
