package dev.mailroom.ingress.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.mail.address.AddrSpec;

/**
 * A Mailroom API key as egress-sender describes it ({@code GET /v1/api-keys/self}): who may submit mail on port 587
 * and from which domains. The token itself is never kept here.
 *
 * @param id            the key's id (logs, events)
 * @param domains       domains the key may send from, lower case; {@code *} means every domain
 * @param admin         an admin key may send from any domain
 * @param ratePerMinute the key's send rate, enforced by egress-sender; may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(String id, List<String> domains, boolean admin,
        @JsonProperty("rate_per_minute") Integer ratePerMinute) {

    /** Every domain. */
    public static final String ALL_DOMAINS = "*";

    public ApiKey {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** Whether this key may use {@code sender} (an addr-spec) as the envelope sender, ignoring case. */
    public boolean maySendAs(String sender) {
        if (admin || domains.contains(ALL_DOMAINS)) {
            return true;
        }
        return AddrSpec.domainOf(sender).map(domain -> domains.stream().anyMatch(d -> d.equalsIgnoreCase(domain)))
                .orElse(false);
    }
}
