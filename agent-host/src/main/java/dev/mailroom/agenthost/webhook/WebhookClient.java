package dev.mailroom.agenthost.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.agent.PermanentAgentFailure;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.platform.net.WebhookTargets;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * POSTs {@link WebhookWire.Request}s, signed: {@code X-Mailroom-Timestamp} (epoch seconds) and
 * {@code X-Mailroom-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, so the receiver can check
 * that the body came from this host and is fresh; {@code X-Mailroom-Delivery} repeats the request id. A 2xx answer
 * must be a {@link WebhookWire.Response}; 4xx and invalid answers are {@link PermanentAgentFailure}s (not retried);
 * 5xx, timeouts and connection failures are ordinary failures (retried). Before every call the URL is checked
 * again with platform's {@link WebhookTargets} rule (on a worker thread: it resolves the name) and the connection goes
 * to the address that was checked, so a name that now resolves into a private network is refused (retried like a
 * connection failure) rather than called; {@code mailroom.webhooks.allow-private=true} lets private addresses through.
 */
@ApplicationScoped
public class WebhookClient {

    public static final String SIGNATURE = "X-Mailroom-Signature";
    public static final String TIMESTAMP = "X-Mailroom-Timestamp";
    public static final String DELIVERY = "X-Mailroom-Delivery";

    private final HttpClient client;
    private final WebhookTargets targets;

    public WebhookClient(Vertx vertx, AgentHostConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        this.targets = WebhookTargets.system(config.webhooks().allowPrivate());
    }

    /** The URL rule of webhook agents. */
    public WebhookTargets targets() {
        return targets;
    }

    public Uni<WebhookWire.Response> call(AgentHostConfig.Webhook hook, WebhookWire.Request request) {
        byte[] body;
        try {
            body = WebhookWire.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot write the webhook request", e));
        }
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Uni<WebhookTargets.Target> target = Uni.createFrom().item(() -> {
            try {
                return targets.resolve(hook.url());
            } catch (WebhookTargets.Refused e) {
                throw new IllegalStateException("webhook-refused: " + e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (context != null) { // back on the caller's context, where the call used to run
            target = target.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return target.chain(t -> send(hook, request, body, t));
    }

    private Uni<WebhookWire.Response> send(AgentHostConfig.Webhook hook, WebhookWire.Request request, byte[] body,
            WebhookTargets.Target target) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(hook.url())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json")
                .putHeader(TIMESTAMP, timestamp).putHeader(DELIVERY, request.id())
                .putHeader(SIGNATURE, "sha256=" + sign(hook.secret(), timestamp, body))
                .setIdleTimeout(hook.timeout().toMillis());
        return client.request(options)
                .chain(r -> r.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(answer -> read(hook, response.statusCode(), answer)))
                .ifNoItem().after(hook.timeout())
                .failWith(() -> new IllegalStateException("webhook-timeout: no answer from " + hook.url() + " within "
                        + hook.timeout()));
    }

    private static WebhookWire.Response read(AgentHostConfig.Webhook hook, int status, Buffer answer) {
        if (status >= 500 || status == 408 || status == 429) {
            throw new IllegalStateException("webhook-failed: HTTP " + status + " from " + hook.url());
        }
        if (status < 200 || status >= 300) {
            throw new PermanentAgentFailure("webhook-rejected: HTTP " + status + " from " + hook.url());
        }
        if (answer.length() == 0) {
            return new WebhookWire.Response(null, null, null, null, null);
        }
        try {
            return WebhookWire.mapper().readValue(answer.getBytes(), WebhookWire.Response.class);
        } catch (java.io.IOException e) {
            throw new PermanentAgentFailure("webhook-invalid: the answer is not a webhook response: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
