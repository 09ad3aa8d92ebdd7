package dev.mailroom.api.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.api.service.ApiMetrics;
import dev.mailroom.platform.auth.AuthenticationFilter;
import dev.mailroom.platform.auth.KeyCheckUnavailable;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie becomes the key at the edge (ADR 0039): a {@code /v1} request with the cookie
 * {@code mailroom_session} and no {@code Authorization} is checked here, before {@code edge/Admission}: an unsafe
 * method ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) needs the session's {@code X-CSRF-Token} and this
 * origin ({@code 403 csrf-failed}); an unknown, expired or revoked session is {@code 401} and the cookie cleared.
 * A live session's key is then set as {@code Authorization: Bearer} (and the cookie dropped), so Admission (key, rate),
 * the api's own resources and the services the forwarder reaches see a Bearer request and work unchanged. A request
 * with {@code Authorization} is left as it is; {@code /mcp} and {@code /client/v4} take keys only.
 */
@ApplicationScoped
public class SessionCookie {

    /** Route order: before {@code edge/Admission} (-200). */
    static final int ORDER = -300;

    private final UiSessions sessions;
    private final ApiMetrics metrics;

    public SessionCookie(UiSessions sessions, ApiMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            String path = ctx.normalizedPath();
            String id;
            if ((path.equals("/v1") || path.startsWith("/v1/")) && request.getHeader("Authorization") == null
                    && (id = SessionHttp.sessionId(request)) != null) {
                admit(ctx, id);
            } else {
                ctx.next();
            }
        });
    }

    private void admit(RoutingContext ctx, String id) {
        HttpServerRequest request = ctx.request();
        if (SessionHttp.unsafe(request.method().name())) {
            if (!SessionHttp.sameOrigin(request)) {
                metrics.uiSession("csrf-failed");
                SessionHttp.answer(ctx, SessionHttp.csrfFailed("a session's request from another origin"));
                return;
            }
            if (!SessionSecrets.csrfMatches(id, request.getHeader(SessionHttp.CSRF_HEADER))) {
                metrics.uiSession("csrf-failed");
                SessionHttp.answer(ctx, SessionHttp.csrfFailed(
                        "send the session's csrf_token (GET /ui/session) as X-CSRF-Token"));
                return;
            }
        }
        request.pause();
        Context context = Vertx.currentContext();
        sessions.current(id).emitOn(command -> context.runOnContext(v -> command.run())).subscribe().with(session -> {
            if (session == null) {
                metrics.uiSession("ended");
                SessionHttp.clearCookie(ctx);
                SessionHttp.answer(ctx, new ApiException(Problem.of(401, "unauthorized", "Unauthorized",
                        "the session has ended; sign in again")));
                return;
            }
            request.headers().set("Authorization", "Bearer " + session.token());
            request.headers().remove("Cookie"); // the services behind the api take the key, not the session
            ctx.next();
        }, failure -> context.runOnContext(v -> {
            if (failure instanceof KeyCheckUnavailable) {
                SessionHttp.answer(ctx, AuthenticationFilter.unavailable());
            } else {
                Log.warnf("ui session not checked path=%s error=%s", ctx.normalizedPath(), failure.toString());
                SessionHttp.answer(ctx, SessionHttp.sessionUnavailable());
            }
        }));
    }
}
