package dev.mailroom.api.upstream;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.api.config.UpstreamConfig;
import dev.mailroom.api.service.ApiMetrics;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Forwards the requests of {@link Routes} to the service that owns them, streaming both ways (a 25 MiB send, the
 * instance event stream), so the public API has one origin while each service keeps its data (ADR 0028). Nothing is
 * forwarded before {@link dev.mailroom.api.edge.Admission} (an earlier route) accepted the caller's key and rate
 * (ADR 0031); the caller's {@code Authorization} header goes along and the owner checks the key again, locally.
 * Hop-by-hop headers (RFC 9110 7.6.1) stay behind; {@code X-Forwarded-*} name the client. An upstream that cannot
 * be reached answers {@code 503} {@code upstream-unavailable}; a failure after the answer began resets the stream.
 */
@ApplicationScoped
public class Forwarder {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host");

    /** Client-supplied forwarding headers are replaced, never trusted: the api is the edge. */
    private static final Set<String> FORWARDING = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-real-ip");

    private final UpstreamConfig config;
    private final ObjectMapper json;
    private final HttpClient client;
    private final ApiMetrics metrics;

    public Forwarder(UpstreamConfig config, ObjectMapper json, Vertx vertx, ApiMetrics metrics) {
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setName("mailroom-api-upstream"));
    }

    void routes(@Observes Router router) {
        // Before Quarkus REST's own route: a path of the table never reaches the api's resources.
        router.route().order(-100).handler(ctx -> Routes.of(ctx.normalizedPath())
                .ifPresentOrElse(route -> forward(ctx, route.upstream()), ctx::next));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    URI base(Upstream upstream) {
        return switch (upstream) {
            case AGENT_HOST -> config.agentHostUrl();
            case EGRESS -> config.egressUrl();
            case MAILBOX -> config.mailboxUrl();
        };
    }

    private void forward(RoutingContext ctx, Upstream upstream) {
        HttpServerRequest in = ctx.request();
        in.pause();
        URI base = base(upstream);
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80)
                .setURI(in.uri())
                .setIdleTimeout(config.idleTimeout().toMillis());
        client.request(options).compose(out -> {
            copyHeaders(in.headers(), out.headers(), FORWARDING);
            out.putHeader("X-Forwarded-For", in.remoteAddress() == null ? "unknown" : in.remoteAddress().hostAddress());
            out.putHeader("X-Forwarded-Proto", in.scheme());
            if (in.authority() != null) {
                out.putHeader("X-Forwarded-Host", in.authority().toString());
            }
            return send(in, out);
        }).onSuccess(answer -> {
            metrics.forwarded(upstream, answer.statusCode());
            relay(ctx, answer);
        }).onFailure(failure -> failed(ctx, upstream, failure));
    }

    private static io.vertx.core.Future<HttpClientResponse> send(HttpServerRequest in, HttpClientRequest out) {
        if (in.isEnded()) {
            return out.send();
        }
        if (!out.headers().contains("Content-Length")) {
            out.setChunked(true);
        }
        return out.send(in);
    }

    private static void relay(RoutingContext ctx, HttpClientResponse answer) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        copyHeaders(answer.headers(), response.headers(), Set.of());
        if (!response.headers().contains("Content-Length")) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(e -> Log.debugf("forwarded answer cut short path=%s error=%s",
                ctx.normalizedPath(), e.toString()));
    }

    private void failed(RoutingContext ctx, Upstream upstream, Throwable failure) {
        HttpServerResponse response = ctx.response();
        Log.warnf("upstream %s unreachable path=%s error=%s", upstream.service(), ctx.normalizedPath(),
                failure.toString());
        if (response.headWritten()) {
            response.reset();
            return;
        }
        metrics.forwarded(upstream, 0);
        Problem problem = Problem.of(503, "upstream-unavailable", "Service unavailable",
                "the service behind " + firstSegments(ctx.normalizedPath()) + " does not answer; retry later")
                .at(ctx.normalizedPath());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":503}";
        }
        response.setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", "5")
                .end(body);
    }

    private static String firstSegments(String path) {
        String[] parts = path.split("/", 4);
        return parts.length >= 3 ? "/" + parts[1] + "/" + parts[2] : path;
    }

    private static void copyHeaders(MultiMap from, MultiMap to, Set<String> alsoDropped) {
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !alsoDropped.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }
}
