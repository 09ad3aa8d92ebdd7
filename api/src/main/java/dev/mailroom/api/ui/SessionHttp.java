package dev.mailroom.api.ui;

import java.time.Duration;
import java.util.Locale;

import dev.mailroom.contract.Json;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of a UI session, shared by {@link SessionRoutes} and {@link SessionCookie}: the cookie (read, set,
 * cleared), the same-origin test of unsafe requests, the CSRF header and problem answers.
 */
final class SessionHttp {

    /** The session cookie's name. */
    static final String COOKIE = "mailroom_session";

    /** The header that carries the session's CSRF token on every unsafe request. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private SessionHttp() {
    }

    /** The session id the request's cookie carries, or null. */
    static String sessionId(HttpServerRequest request) {
        Cookie cookie = request.getCookie(COOKIE);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    /** Whether the request came over https (directly, or as {@code quarkus.http.proxy.*} lets a proxy say). */
    static boolean secure(HttpServerRequest request) {
        return "https".equalsIgnoreCase(request.scheme());
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over https, Max-Age the absolute expiry. */
    static void setCookie(RoutingContext ctx, String id, Duration maxAge) {
        ctx.response().headers().add("Set-Cookie", COOKIE + "=" + id + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure(ctx.request()) ? "; Secure" : ""));
    }

    /** Clears the session cookie in the browser. */
    static void clearCookie(RoutingContext ctx) {
        ctx.response().headers().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure(ctx.request()) ? "; Secure" : ""));
    }

    /** Whether {@code method} changes state (anything but GET, HEAD, OPTIONS). */
    static boolean unsafe(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    /**
     * Whether the request may come from this origin's pages: no {@code Origin} header or this origin
     * (scheme, host, port), and no {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}.
     */
    static boolean sameOrigin(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        if (request.authority() == null) {
            return false;
        }
        String scheme = request.scheme() == null ? "http" : request.scheme().toLowerCase(Locale.ROOT);
        int port = request.authority().port();
        String own = scheme + "://" + request.authority().host().toLowerCase(Locale.ROOT)
                + (port < 0 || port == defaultPort(scheme) ? "" : ":" + port);
        return own.equals(normalized(origin));
    }

    private static String normalized(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String scheme : new String[] { "http", "https" }) {
            String suffix = ":" + defaultPort(scheme);
            if (o.startsWith(scheme + "://") && o.endsWith(suffix)) {
                return o.substring(0, o.length() - suffix.length());
            }
        }
        return o;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** {@code 403 csrf-failed}: an unsafe request of a session without its token, or from another origin. */
    static ApiException csrfFailed(String detail) {
        return new ApiException(Problem.of(403, "csrf-failed", "CSRF check failed", detail));
    }

    /** {@code 503 session-unavailable}: the session store cannot be asked. */
    static ApiException sessionUnavailable() {
        return ApiException.unavailable("session-unavailable",
                "sessions cannot be checked right now; retry later");
    }

    /** Answers {@code e} as problem+json at the request's path ({@code Retry-After} when it has one). */
    static void answer(RoutingContext ctx, ApiException e) {
        if (ctx.response().ended()) {
            return;
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        Problem problem = e.problem().at(ctx.normalizedPath());
        ctx.request().resume();
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Json.encode(problem)));
    }
}
