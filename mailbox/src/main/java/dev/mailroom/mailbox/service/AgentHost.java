package dev.mailroom.mailbox.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.config.ReplyConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * agent-host's internal API, called with the caller's own API key (agent-host checks it and its domains again, as
 * egress does for the api's {@code upstream/MessageStatus}): sending as an agent instance through its class's send
 * policy, and the drafts of an instance's thread.
 */
@ApplicationScoped
public class AgentHost {

    /** agent-host did not answer in time, or could not be reached. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** An answer of agent-host as it came: status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpClient client;
    private final String base;
    private final Duration timeout;

    public AgentHost(Vertx vertx, ReplyConfig config) {
        this.timeout = config.agentHostTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        this.base = config.agentHostUrl().toString().replaceAll("/+$", "");
    }

    /**
     * {@code POST /v1/agents/{class}/instances/{instance}/send} with {@code json}; with {@code idempotencyKey} (may
     * be null) a retry answers what the first did.
     */
    public Uni<Answer> send(String token, String className, String instance, byte[] json, String idempotencyKey) {
        return call(HttpMethod.POST, "/v1/agents/" + segment(className) + "/instances/" + segment(instance) + "/send",
                token, json, idempotencyKey);
    }

    /** {@code GET} of {@code pathAndQuery} (already encoded). */
    public Uni<Answer> get(String token, String pathAndQuery) {
        return call(HttpMethod.GET, pathAndQuery, token, null, null);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Uni<Answer> call(HttpMethod method, String path, String token, byte[] json, String idempotencyKey) {
        RequestOptions request = new RequestOptions().setMethod(method).setAbsoluteURI(base + path)
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json")
                .setIdleTimeout(timeout.toMillis());
        if (json != null) {
            request.putHeader("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.putHeader("Idempotency-Key", idempotencyKey);
        }
        return client.request(request)
                .chain(r -> json == null ? r.send() : r.send(Buffer.buffer(json)))
                .chain(response -> response.body().map(body -> new Answer(response.statusCode(),
                        response.getHeader("Content-Type"), body.getBytes())))
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("agent-host timed out"))
                .onFailure(f -> !(f instanceof Unavailable)).transform(f -> new Unavailable(f.toString()));
    }
}
