package dev.mailroom.sdk;

import java.util.List;
import java.util.Map;

/**
 * An API key to create: a name, permissions (e.g. {@code send}, {@code read}, {@code admin}), the domains it covers
 * and its rate per minute (absent: the server's default).
 */
public record CreateApiKeyParams(String name, List<String> permissions, List<String> domains, Integer ratePerMinute) {

    public static CreateApiKeyParams named(String name) {
        return new CreateApiKeyParams(name, null, null, null);
    }

    public CreateApiKeyParams withPermissions(String... permissions) {
        return new CreateApiKeyParams(name, List.of(permissions), domains, ratePerMinute);
    }

    public CreateApiKeyParams withDomains(String... domains) {
        return new CreateApiKeyParams(name, permissions, List.of(domains), ratePerMinute);
    }

    public CreateApiKeyParams withRatePerMinute(int rate) {
        return new CreateApiKeyParams(name, permissions, domains, rate);
    }

    Map<String, Object> toJson() {
        return new Body().put("name", name).put("permissions", permissions).put("domains", domains)
                .put("rate_per_minute", ratePerMinute).map;
    }
}
