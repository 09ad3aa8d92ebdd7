package dev.mailroom.api.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.api.rest.CloudflareProblems;
import dev.mailroom.api.rest.CloudflareResponses;
import dev.mailroom.api.service.ApiMetrics;
import dev.mailroom.api.service.RateLimiter;
import dev.mailroom.contract.Json;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import dev.mailroom.platform.auth.AuthenticationFilter;
import dev.mailroom.platform.auth.BearerToken;
import dev.mailroom.platform.auth.KeyCheckUnavailable;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge's admission (ADR 0031): every {@code /v1}, {@code /mcp} and {@code /client/v4/} request, the api's own and those
 * {@link dev.mailroom.api.upstream.Forwarder} passes on, first shows a key the local key table accepts ({@code 401}
 * problem otherwise, before anything is forwarded; {@code 503 key-check-unavailable} while the table cannot tell) and
 * takes one request of its key's rate, counted in PostgreSQL for every replica ({@code 429 rate-limited} with
 * {@code Retry-After}; {@code 503 rate-limit-unavailable} when the count cannot be made: the limit is never skipped).
 * Every admitted answer carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}.
 * The owner of a forwarded path still checks the key itself.
 *
 * <p>A Vert.x route ahead of the forwarding route and of Quarkus REST. The request is paused while the key and the
 * rate are checked, so no body byte is lost; the next handler (the forwarder or Quarkus REST) resumes it.
 */
@ApplicationScoped
public class Admission {

    /** Route order: before {@code Forwarder} (-100). */
    static final int ORDER = -200;

    private final ApiKeyVerifier verifier;
    private final RateLimiter limiter;
    private final ApiMetrics metrics;

    public Admission(ApiKeyVerifier verifier, RateLimiter limiter, ApiMetrics metrics) {
        this.verifier = verifier;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(ctx -> {
            if (guarded(ctx.normalizedPath())) {
                admit(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** Whether {@code path} needs a key: {@code /v1}, {@code /mcp} and below, and the Cloudflare-compatible paths. */
    static boolean guarded(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.equals("/mcp") || path.startsWith("/mcp/")
                || CloudflareResponses.answersFor(path);
    }

    private void admit(RoutingContext ctx) {
        ctx.request().pause();
        Context context = Vertx.currentContext();
        String token = BearerToken.of(ctx.request().getHeader("Authorization"));
        verifier.verify(token)
                .chain(caller -> caller == null ? io.smallrye.mutiny.Uni.createFrom().nullItem()
                        : limiter.acquire(caller).onFailure().transform(RateCountFailed::new))
                .emitOn(command -> context.runOnContext(v -> command.run()))
                .subscribe().with(decision -> {
                    if (decision == null) {
                        refuse(ctx, ApiException.unauthorized());
                        return;
                    }
                    ctx.response().putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
                            .putHeader("RateLimit-Remaining", Integer.toString(decision.remaining()))
                            .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
                    if (!decision.admitted()) {
                        refuse(ctx, new ApiException(Problem.of(429, "rate-limited", "Too many requests",
                                "this key may make " + decision.limit() + " requests per minute"),
                                decision.resetSeconds()));
                        return;
                    }
                    metrics.admission("admitted");
                    ctx.next();
                }, failure -> context.runOnContext(v -> {
                    if (failure instanceof RateCountFailed) {
                        Log.warnf("rate limit not counted path=%s error=%s", ctx.normalizedPath(),
                                failure.getCause().toString());
                        refuse(ctx, ApiException.unavailable("rate-limit-unavailable",
                                "the rate limit cannot be counted right now; retry later"));
                    } else if (failure instanceof KeyCheckUnavailable) {
                        refuse(ctx, AuthenticationFilter.unavailable());
                    } else {
                        Log.errorf(failure, "admission failed path=%s", ctx.normalizedPath());
                        ctx.fail(500, failure);
                    }
                }));
    }

    private void refuse(RoutingContext ctx, ApiException e) {
        metrics.admission(e.problem().type().substring(e.problem().type().lastIndexOf('/') + 1));
        if (e.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        Problem problem = e.problem().at(ctx.normalizedPath());
        ctx.request().resume(); // a refused request's body is read and dropped, so the connection can be reused
        if (CloudflareResponses.answersFor(ctx.normalizedPath())) { // Cloudflare's SDKs read its envelope
            CloudflareProblems.Answer answer = CloudflareProblems.of(problem);
            ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.encode(answer.body())));
            return;
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Json.encode(problem)));
    }

    /** The rate count failed (PostgreSQL), as opposed to the key check. */
    private static final class RateCountFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RateCountFailed(Throwable cause) {
            super(cause);
        }
    }
}
