package dev.mailroom.sdk;

import java.time.Instant;
import java.util.List;

/** An API key; {@link #token()} (the key itself) only in the answer to its creation. */
public record ApiKey(String id, String name, List<String> permissions, List<String> domains, Integer ratePerMinute,
        Instant createdAt, String token, JsonObject json) {

    static ApiKey from(JsonObject j) {
        return new ApiKey(j.string("id"), j.string("name"), j.strings("permissions"), j.strings("domains"),
                j.intValue("rate_per_minute"), j.instant("created_at"), j.string("token"), j);
    }
}
