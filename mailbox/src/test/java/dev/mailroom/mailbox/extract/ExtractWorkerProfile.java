package dev.mailroom.mailbox.extract;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The worker on, polling fast, failing quickly: the other test classes run with it off (%test), so rows they write
 * keep the status they wrote.
 */
public class ExtractWorkerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mailroom.mailbox.extract.enabled", "true",
                "mailroom.mailbox.extract.poll-interval", "1s",
                "mailroom.mailbox.extract.max-attempts", "2",
                "mailroom.mailbox.extract.retry-backoff", "100ms",
                "mailroom.mailbox.extract.disabled-classes", "Vault,Secret");
    }
}
