package dev.mailroom.api.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The security headers of every answer the api gives (ADR 0039): its own, the forwarded ones, the inbox's static
 * files, health and errors. The first route of all; the headers are written when the answer's headers are.
 *
 * <ul>
 * <li>{@value #CSP}: the inbox app is only this origin's scripts and styles, and no page of this origin can be framed
 * elsewhere. A forwarded answer that brought its own {@code Content-Security-Policy} (the mailbox's sanitised message
 * body, framed by the app; attachments shown inline) keeps it, and then no {@code X-Frame-Options}: its
 * {@code frame-ancestors} decides. The OpenAPI UI ({@code /openapi/ui}, Swagger's inline scripts) gets only
 * {@code frame-ancestors 'none'}.</li>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer},
 * {@code Cross-Origin-Opener-Policy: same-origin}, {@code Permissions-Policy} (camera, microphone, geolocation off),
 * {@code X-Frame-Options: DENY} (for browsers without {@code frame-ancestors}).</li>
 * <li>The app's files ({@code /}, {@code /index.html}, {@code /app/…}: every path that is not the API's) are
 * {@code Cache-Control: no-cache}: no bundler versions their names, so a browser revalidates them.</li>
 * </ul>
 */
@ApplicationScoped
public class SecurityHeaders {

    /** The inbox's Content-Security-Policy, on every answer without one of its own. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=()";

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> apply(ctx));
            ctx.next();
        });
    }

    private static void apply(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        String path = ctx.normalizedPath();
        if (headers.contains("Content-Security-Policy")) {
            headers.remove("X-Frame-Options");
        } else {
            headers.set("Content-Security-Policy", path.startsWith("/openapi/ui") ? "frame-ancestors 'none'" : CSP);
            headers.set("X-Frame-Options", "DENY");
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Permissions-Policy", PERMISSIONS);
        if (appFile(path) && ctx.response().getStatusCode() < 400) {
            headers.set("Cache-Control", "no-cache");
        }
    }

    /** Whether {@code path} is one of the app's static files rather than an API path. */
    static boolean appFile(String path) {
        for (String api : new String[] { "/v1", "/mcp", "/client/", "/ui/", "/openapi", "/q/" }) {
            if (path.startsWith(api)) {
                return false;
            }
        }
        return true;
    }
}
