package dev.mailroom.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void domainKeyMaySendOnlyFromItsDomainsIgnoringCase() {
        Caller key = new Caller("k", false, List.of("example.com", "Shop.Example"), 60);
        assertTrue(key.maySendAs("app@example.com"));
        assertTrue(key.maySendAs("app@Shop.Example"));
        assertTrue(key.covers("EXAMPLE.com"));
        assertFalse(key.maySendAs("app@sub.example.com"), "a subdomain is another domain");
        assertFalse(key.maySendAs("app@example.com.evil"));
        assertFalse(key.maySendAs(""), "null sender");
        assertFalse(key.maySendAs("example.com"));
        assertFalse(key.covers(null));
    }

    @Test
    void adminOrStarKeyMaySendFromAnyDomain() {
        assertTrue(new Caller("a", true, List.of(), null).maySendAs("x@anything.example"));
        assertTrue(new Caller("s", false, List.of("*"), null).maySendAs("x@anything.example"));
        assertTrue(new Caller("s", false, List.of("*"), null).covers("anything.example"));
    }

    @Test
    void adminImpliesEveryPermissionAndOthersHoldOnlyTheirOwn() {
        Caller admin = new Caller("a", java.util.Set.of(Permission.ADMIN), List.of(), null);
        for (Permission p : Permission.values()) {
            assertTrue(admin.may(p), p.wireName());
        }
        assertTrue(admin.admin());
        Caller drafts = new Caller("d", java.util.Set.of(Permission.DRAFTS), List.of("example.com"), null);
        assertTrue(drafts.may(Permission.DRAFTS));
        assertFalse(drafts.may(Permission.SEND));
        assertFalse(drafts.admin());
        assertFalse(new Caller("n", java.util.Set.of(), List.of("example.com"), null).may(Permission.READ));
        assertEquals(java.util.Optional.of(Permission.DOMAINS), Permission.ofWireName(" Domains"));
        assertTrue(Permission.ofWireName("root").isEmpty());
    }

    @Test
    void bearerTokenIsTakenFromTheHeaderOnly() {
        assertEquals("mr_x_y", BearerToken.of("Bearer mr_x_y"));
        assertEquals("mr_x_y", BearerToken.of("bearer  mr_x_y "));
        assertNull(BearerToken.of("Basic abc"));
        assertNull(BearerToken.of("Bearer "));
        assertNull(BearerToken.of(null));
    }
}
