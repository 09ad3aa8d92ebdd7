package dev.mailroom.router.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The {@code mailroom.auth} mapping coexists with the router's {@code mailroom} mapping: the application starts
 * (no SRCFG00050 "does not map to any root"), both read their values, and the checker bean is injectable.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AuthConfigTest {

    @Inject
    AuthConfig auth;

    @Inject
    RouterConfig router;

    @Inject
    AuthenticationChecker checker;

    @Test
    void authAndRouterMappingsCoexist() {
        assertTrue(auth.enabled());
        assertEquals("mailroom.localhost", auth.authservId());
        assertEquals(Duration.ofMillis(500), auth.dns().timeout(), "the %test override");
        assertEquals(java.util.List.of("127.0.0.1:9"), auth.dns().servers().orElseThrow());
        assertEquals(10000, auth.dns().cacheSize());
        assertTrue(router.domains().contains("agents.test"));
        assertTrue(checker != null);
    }
}
