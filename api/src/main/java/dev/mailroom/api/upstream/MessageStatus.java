package dev.mailroom.api.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.config.UpstreamConfig;
import dev.mailroom.contract.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * A sent message's delivery status: {@code GET /v1/messages/{id}} on the mailbox service's internal port (which
 * keeps it from egress-sender's delivery events, in egress's field names: {@code status}, {@code recipients},
 * {@code attempts}; ADR 0035), with the caller's own key (the mailbox checks it and its domain scope). For the
 * api's own uses (the MCP tool {@code get_email_status}); clients reach the same endpoint through {@link Routes}.
 */
@ApplicationScoped
public class MessageStatus {

    /** The mailbox service did not answer, or not as expected. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final String base;

    public MessageStatus(Vertx vertx, UpstreamConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        this.base = config.mailboxUrl().toString().replaceAll("/+$", "");
    }

    /** The message view of {@code id} (the mailbox's JSON), or null when the caller may not see it or it does not exist. */
    public Uni<JsonNode> get(String token, String id) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(base + "/v1/messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json")
                .setIdleTimeout(TIMEOUT.toMillis());
        return client.request(request).chain(r -> r.send()).chain(response -> response.body().map(body -> {
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new Unavailable("mailbox answered " + response.statusCode());
            }
            try {
                return Json.mapper().readTree(body.getBytes());
            } catch (java.io.IOException e) {
                throw new Unavailable("mailbox's answer is not JSON");
            }
        })).ifNoItem().after(TIMEOUT).failWith(() -> new Unavailable("mailbox timed out"))
                .onFailure(f -> !(f instanceof Unavailable)).transform(f -> new Unavailable(f.toString()));
    }
}
