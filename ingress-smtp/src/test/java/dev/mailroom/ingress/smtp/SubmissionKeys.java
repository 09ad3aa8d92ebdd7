package dev.mailroom.ingress.smtp;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Publishes the submission tests' keys on {@code mailroom.api-keys} as the api does, before ingress-smtp starts, and
 * turns on the submission listener (any free port): {@link #DOMAIN_KEY} (send for {@code example.com}),
 * {@link #ADMIN_KEY}. Ingress verifies them from its own copy of the topic, asking no other service.
 */
public class SubmissionKeys implements QuarkusTestResourceLifecycleManager {

    static final String DOMAIN_KEY_ID = TestKeys.newId("domain");
    static final String DOMAIN_KEY = TestKeys.token(DOMAIN_KEY_ID);
    static final String ADMIN_KEY_ID = TestKeys.newId("admin");
    static final String ADMIN_KEY = TestKeys.token(ADMIN_KEY_ID);

    @Override
    public Map<String, String> start() {
        KafkaTestResource.bootstrapServers();
        TestKeys.publish(DOMAIN_KEY_ID, DOMAIN_KEY, EnumSet.of(Permission.SEND), List.of("example.com"), 60);
        TestKeys.publish(ADMIN_KEY_ID, ADMIN_KEY, EnumSet.of(Permission.ADMIN), List.of("*"), null);
        return Map.of("mailroom.smtp.submission.enabled", "true", "mailroom.smtp.submission.port", "0");
    }

    @Override
    public void stop() {
    }
}
