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
                // the page limit is under test, not the time limit: a loaded CI machine reads 500 pages slowly
                "mailroom.mailbox.extract.timeout", "60s", "mailroom.mailbox.extract.claim-lease", "5m",
                "mailroom.mailbox.extract.disabled-classes", "Vault,Secret");
    }
}
