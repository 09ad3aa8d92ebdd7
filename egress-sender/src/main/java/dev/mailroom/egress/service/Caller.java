package dev.mailroom.egress.service;

import java.util.List;

import dev.mailroom.egress.model.ApiKey;

/**
 * The authenticated caller of the REST API.
 *
 * @param keyId         the API key's id ({@code bootstrap} for the configured bootstrap key)
 * @param admin         may manage keys and suppressions and send from any domain
 * @param domains       lower-case domains it may send from; {@code *} for all
 * @param ratePerMinute requests per minute it may make
 */
public record Caller(String keyId, boolean admin, List<String> domains, int ratePerMinute) {

    public boolean maySendFrom(String domain) {
        return admin || domains.contains(ApiKey.ALL_DOMAINS) || domains.contains(domain.toLowerCase(java.util.Locale.ROOT));
    }
}
