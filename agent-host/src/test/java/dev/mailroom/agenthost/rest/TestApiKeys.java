package dev.mailroom.agenthost.rest;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The agents API tests' keys, published on {@code mailroom.api-keys} as the api publishes keys, before agent-host
 * starts: agent-host verifies them from its own copy of the topic. Tests name keys ({@code admin-key},
 * {@code scoped-key} for agents.test, {@code elsewhere-key} for elsewhere.test) and send {@link #token(String)}.
 */
public class TestApiKeys implements QuarkusTestResourceLifecycleManager {

    private static final Set<Permission> MEMBER = EnumSet.of(Permission.SEND, Permission.READ, Permission.DRAFTS);

    private static final Map<String, String> TOKENS = Map.of(
            "admin-key", TestKeys.token(TestKeys.newId("kadmin")),
            "scoped-key", TestKeys.token(TestKeys.newId("kscoped")),
            "elsewhere-key", TestKeys.token(TestKeys.newId("kelse")));

    /** The token of the key named {@code name}; any other name is sent as it is (no such key). */
    public static String token(String name) {
        return TOKENS.getOrDefault(name, name);
    }

    /** The key id of the key named {@code name} (what {@code decided_by} and logs show). */
    public static String id(String name) {
        return TestKeys.idOf(token(name));
    }

    @Override
    public Map<String, String> start() {
        KafkaTestResource.bootstrapServers();
        publish("admin-key", EnumSet.of(Permission.ADMIN), List.of("*"));
        publish("scoped-key", MEMBER, List.of("agents.test"));
        publish("elsewhere-key", MEMBER, List.of("elsewhere.test"));
        return Map.of();
    }

    private static void publish(String name, Set<Permission> permissions, List<String> domains) {
        String token = TOKENS.get(name);
        TestKeys.publish(TestKeys.idOf(token), token, permissions, domains, null);
    }

    @Override
    public void stop() {
    }
}
