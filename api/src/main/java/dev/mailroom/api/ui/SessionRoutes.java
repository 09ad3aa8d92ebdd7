package dev.mailroom.api.ui;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.api.service.ApiMetrics;
import dev.mailroom.platform.auth.AuthenticationFilter;
import dev.mailroom.platform.auth.KeyCheckUnavailable;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /ui/session}, the inbox's sign-in (ADR 0039): {@code POST} with {@code {"api_key": "…"}} starts a session
 * (the cookie {@code mailroom_session} and the JSON below), {@code GET} shows the current one, {@code DELETE} (with
 * {@code X-CSRF-Token}) ends it. The JSON: {@code {"csrf_token", "expires_at", "key": {"id", "name",
 * "permissions", "domains"}}}; {@code expires_at} is when the session ends unless used again. A Vert.x route, like
 * the edge's other handlers: a browser's endpoint, not an operation of the Bearer-key API in {@code /openapi}.
 */
@ApplicationScoped
public class SessionRoutes {

    static final String PATH = "/ui/session";

    /** The largest sign-in body read ({@code 413} above). */
    static final int MAX_BODY = 8 * 1024;

    private final UiSessions sessions;
    private final ObjectMapper json;
    private final ApiMetrics metrics;

    public SessionRoutes(UiSessions sessions, ObjectMapper json, ApiMetrics metrics) {
        this.sessions = sessions;
        this.json = json;
        this.metrics = metrics;
    }

    void routes(@Observes Router router) {
        router.route(PATH).order(SessionCookie.ORDER).handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            switch (ctx.request().method().name()) {
                case "POST" -> signIn(ctx);
                case "GET" -> show(ctx);
                case "DELETE" -> signOut(ctx);
                default -> {
                    ctx.response().putHeader("Allow", "GET, POST, DELETE");
                    SessionHttp.answer(ctx, new ApiException(Problem.of(405, "method-not-allowed",
                            "Method not allowed", PATH + " answers GET, POST and DELETE")));
                }
            }
        });
    }

    private void signIn(RoutingContext ctx) {
        if (!SessionHttp.sameOrigin(ctx.request())) {
            metrics.uiSession("csrf-failed");
            SessionHttp.answer(ctx, SessionHttp.csrfFailed("sign in from this origin's pages only"));
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            SessionHttp.answer(ctx, new ApiException(Problem.of(415, "unsupported-media-type",
                    "Unsupported media type", "send {\"api_key\": \"…\"} as application/json")));
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
            SessionHttp.answer(ctx, tooLarge());
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = { false };
        ctx.request().handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                over[0] = true;
            } else if (!over[0]) {
                body.appendBuffer(chunk);
            }
        });
        ctx.request().exceptionHandler(e -> Log.debugf("sign-in body not read error=%s", e.toString()));
        ctx.request().endHandler(v -> {
            if (over[0]) {
                SessionHttp.answer(ctx, tooLarge());
                return;
            }
            String apiKey;
            try {
                apiKey = apiKey(body);
            } catch (ApiException e) {
                SessionHttp.answer(ctx, e);
                return;
            }
            String client = ctx.request().remoteAddress() == null ? "unknown"
                    : ctx.request().remoteAddress().hostAddress();
            String previous = SessionHttp.sessionId(ctx.request());
            Uni<Boolean> endPrevious = previous == null ? Uni.createFrom().item(false) : sessions.signOut(previous);
            on(ctx, sessions.signIn(apiKey, client).call(s -> endPrevious), session -> {
                SessionHttp.setCookie(ctx, session.id(), sessions.maxAge());
                send(ctx, session);
            });
        });
        ctx.request().resume();
    }

    private void show(RoutingContext ctx) {
        String id = SessionHttp.sessionId(ctx.request());
        if (id == null) {
            SessionHttp.answer(ctx, signedOut());
            return;
        }
        on(ctx, sessions.current(id), session -> {
            if (session == null) {
                SessionHttp.clearCookie(ctx);
                SessionHttp.answer(ctx, signedOut());
            } else {
                send(ctx, session);
            }
        });
    }

    private void signOut(RoutingContext ctx) {
        String id = SessionHttp.sessionId(ctx.request());
        if (id == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        if (!SessionHttp.sameOrigin(ctx.request())) {
            metrics.uiSession("csrf-failed");
            SessionHttp.answer(ctx, SessionHttp.csrfFailed("sign out from this origin's pages only"));
            return;
        }
        if (!SessionSecrets.csrfMatches(id, ctx.request().getHeader(SessionHttp.CSRF_HEADER))) {
            metrics.uiSession("csrf-failed");
            SessionHttp.answer(ctx, SessionHttp.csrfFailed("send the session's csrf_token as X-CSRF-Token"));
            return;
        }
        on(ctx, sessions.signOut(id), existed -> {
            SessionHttp.clearCookie(ctx);
            ctx.response().setStatusCode(204).end();
        });
    }

    /** The body's {@code api_key}: 400 for what is not a JSON object or has other fields, 422 without a key. */
    private String apiKey(Buffer body) {
        JsonNode node;
        try {
            node = json.readTree(body.getBytes());
        } catch (Exception e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(Problem.of(400, "malformed-json", "Malformed JSON",
                    "the body is not a JSON object {\"api_key\": \"…\"}"));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("api_key")) {
                throw new ApiException(Problem.of(400, "malformed-json", "Malformed JSON", name + ": unknown field",
                        List.of(new Problem.FieldError(name, "unknown field"))));
            }
        }
        JsonNode key = node.get("api_key");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            throw ApiException.invalid(List.of(new Problem.FieldError("api_key", "an API key is required")));
        }
        return key.asText().strip();
    }

    private void send(RoutingContext ctx, UiSessions.Active session) {
        JsonObject key = new JsonObject()
                .put("id", session.caller().keyId())
                .put("name", sessions.nameOf(session.caller()).orElse(null))
                .put("permissions", new JsonArray(session.caller().permissions().stream()
                        .sorted(Comparator.naturalOrder()).map(Permission::wireName).toList()))
                .put("domains", new JsonArray(session.caller().coversEveryDomain() ? List.of("*")
                        : session.caller().domains()));
        JsonObject answer = new JsonObject()
                .put("csrf_token", SessionSecrets.csrfToken(session.id()))
                .put("expires_at", session.endsAt().toString())
                .put("key", key);
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(answer.encode());
    }

    /** Runs {@code uni}, then {@code then} on the request's context; failures as problems, never a stack trace. */
    private static <T> void on(RoutingContext ctx, Uni<T> uni, java.util.function.Consumer<T> then) {
        Context context = Vertx.currentContext();
        uni.emitOn(command -> context.runOnContext(v -> command.run())).subscribe().with(then::accept,
                failure -> context.runOnContext(v -> {
                    if (failure instanceof ApiException e) {
                        SessionHttp.answer(ctx, e);
                    } else if (failure instanceof KeyCheckUnavailable) {
                        SessionHttp.answer(ctx, AuthenticationFilter.unavailable());
                    } else {
                        Log.warnf("ui session failed path=%s error=%s", ctx.normalizedPath(), failure.toString());
                        SessionHttp.answer(ctx, SessionHttp.sessionUnavailable());
                    }
                }));
    }

    private static ApiException signedOut() {
        return new ApiException(Problem.of(401, "unauthorized", "Unauthorized",
                "no session: sign in with POST /ui/session"));
    }

    private static ApiException tooLarge() {
        return new ApiException(Problem.of(413, "payload-too-large", "Payload too large",
                "a sign-in body is at most " + MAX_BODY + " bytes"));
    }
}
