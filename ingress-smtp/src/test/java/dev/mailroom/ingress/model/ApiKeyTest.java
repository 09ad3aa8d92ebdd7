package dev.mailroom.ingress.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    @Test
    void domainKeyMaySendOnlyFromItsDomainsIgnoringCase() {
        ApiKey key = new ApiKey("k", List.of("example.com", "shop.example"), false, 60);
        assertTrue(key.maySendAs("app@example.com"));
        assertTrue(key.maySendAs("app@Shop.Example"));
        assertFalse(key.maySendAs("app@sub.example.com"), "a subdomain is another domain");
        assertFalse(key.maySendAs("app@example.com.evil"));
        assertFalse(key.maySendAs(""), "null sender");
        assertFalse(key.maySendAs("example.com"));
    }

    @Test
    void adminOrStarKeyMaySendFromAnyDomain() {
        assertTrue(new ApiKey("a", List.of(), true, null).maySendAs("x@anything.example"));
        assertTrue(new ApiKey("s", List.of("*"), false, null).maySendAs("x@anything.example"));
    }
}
