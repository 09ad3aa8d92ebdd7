package dev.mailroom.platform.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthenticationFilterTest {

    @Test
    void theRestApiAndTheCloudflareCompatiblePathsNeedAKeyNothingElse() {
        for (String path : new String[] { "/v1", "/v1/send", "/v1/messages/abc",
                "/client/v4/accounts/acc/email/sending/send", "/client/v4/anything" }) {
            assertTrue(AuthenticationFilter.protects(path), path);
        }
        for (String path : new String[] { "/q/health", "/q/metrics", "/openapi", "/v10/send", "/client/v40/x",
                "/mcp", "/" }) {
            assertFalse(AuthenticationFilter.protects(path), path);
        }
    }
}
