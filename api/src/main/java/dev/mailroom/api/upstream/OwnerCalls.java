package dev.mailroom.api.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.config.UpstreamConfig;
import dev.mailroom.contract.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * One request to an owner of part of the public API, for the api's own uses (the MCP tools): the same paths as a
 * client reaches through {@link Routes}, sent straight to the owner's internal port (or, for {@link #self}, to the
 * api's own port) with the caller's own key, so the owner checks permission and domain scope exactly as for
 * {@code /v1}. Answers are returned as they came (status, content type, bytes); only the absence of an answer is an
 * error ({@link Unavailable}).
 */
@ApplicationScoped
public class OwnerCalls {

    /** The owner did not answer (refused connection, timeout, reset). */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    /** An owner's answer. */
    public record Answer(int status, String contentType, byte[] body) {

        /** 2xx. */
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as JSON; an empty body or another type is an empty object. */
        public JsonNode json() {
            if (body.length == 0) {
                return Json.mapper().createObjectNode();
            }
            try {
                return Json.mapper().readTree(body);
            } catch (java.io.IOException e) {
                return Json.mapper().createObjectNode();
            }
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request: method, path with its query, optional JSON body, how long the owner may take. */
    public record Call(HttpMethod method, String path, Map<String, Object> query, Object body, Duration timeout) {

        public static Call get(String path) {
            return new Call(HttpMethod.GET, path, new LinkedHashMap<>(), null, DEFAULT_TIMEOUT);
        }

        public static Call of(HttpMethod method, String path, Object body) {
            return new Call(method, path, new LinkedHashMap<>(), body, DEFAULT_TIMEOUT);
        }

        /** Adds a query parameter unless {@code value} is null. */
        public Call param(String name, Object value) {
            if (value != null) {
                query.put(name, value);
            }
            return this;
        }

        public Call within(Duration t) {
            return new Call(method, path, query, body, t);
        }

        /** The path and its query, every part percent-encoded. */
        public String uri() {
            if (query.isEmpty()) {
                return path;
            }
            return path + "?" + query.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(String.valueOf(e.getValue())))
                    .collect(Collectors.joining("&"));
        }
    }

    /** How long an ordinary call may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client;
    private final UpstreamConfig config;

    public OwnerCalls(Vertx vertx, UpstreamConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        this.config = config;
    }

    /** {@code segment} percent-encoded for a path or query. */
    public static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The base URL of {@code owner}'s internal port. */
    public String base(Upstream owner) {
        String url = switch (owner) {
            case AGENT_HOST -> config.agentHostUrl().toString();
            case EGRESS -> config.egressUrl().toString();
            case MAILBOX -> config.mailboxUrl().toString();
        };
        return url.replaceAll("/+$", "");
    }

    /** {@code call} on {@code owner}'s internal port with {@code token}. */
    public Uni<Answer> call(Upstream owner, String token, Call call) {
        return send(base(owner), owner.service(), token, call);
    }

    /** {@code call} on the api's own port ({@code base}, e.g. {@code http://127.0.0.1:8080}) with {@code token}. */
    public Uni<Answer> self(String base, String token, Call call) {
        return send(base, "api", token, call);
    }

    private Uni<Answer> send(String base, String who, String token, Call call) {
        RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(base + call.uri())
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json, */*")
                .setIdleTimeout(call.timeout().toMillis());
        Buffer payload = null;
        if (call.body() != null) {
            try {
                payload = Buffer.buffer(Json.mapper().writeValueAsBytes(call.body()));
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalArgumentException("not JSON: " + e.getOriginalMessage()));
            }
            options.putHeader("Content-Type", "application/json");
        }
        Buffer body = payload;
        return client.request(options).chain(r -> body == null ? r.send() : r.send(body))
                .chain(response -> response.body().map(b -> new Answer(response.statusCode(),
                        String.valueOf(response.getHeader("Content-Type")), b.getBytes())))
                .ifNoItem().after(call.timeout().plusSeconds(5))
                .failWith(() -> new Unavailable(who + " did not answer in time"))
                .onFailure(f -> !(f instanceof Unavailable)).transform(f -> new Unavailable(who + " did not answer"));
    }
}
