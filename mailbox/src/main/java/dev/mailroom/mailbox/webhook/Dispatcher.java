package dev.mailroom.mailbox.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;


import dev.mailroom.platform.net.WebhookTargets;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
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
 * Delivers pending webhook deliveries: every {@code dispatch-interval} it claims up to {@code concurrency} due ones
 * ({@code FOR UPDATE SKIP LOCKED}, leased, so replicas share the work and a crashed one's claims come back), and
 * POSTs each as {@code {type, timestamp, data}} with the Standard Webhooks headers {@code webhook-id} (the event
 * id), {@code webhook-timestamp} and {@code webhook-signature}. Before each call the URL is checked again and the
 * connection goes to the address that was checked (DNS rebinding). 2xx is delivered; anything else is retried on
 * {@code retry-schedule}, then failed; a webhook failing persistently is disabled (with the reason).
 */
@ApplicationScoped
public class Dispatcher {

    static final String USER_AGENT = "Mailroom-Webhooks/1";

    private final WebhookSql sql;
    private final WebhooksConfig config;
    private final WebhookTargets targets;
    private final HttpClient client;
    private final AtomicBoolean running = new AtomicBoolean();

    Dispatcher(WebhookSql sql, WebhooksConfig config, Webhooks webhooks, Vertx vertx) {
        this.sql = sql;
        this.config = config;
        this.targets = webhooks.targets();
        int timeout = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setMaxPoolSize(Math.max(1, config.concurrency())).setKeepAlive(true).setVerifyHost(true));
    }

    @Scheduled(every = "${mailroom.webhooks.dispatch-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return dispatchOnce().replaceWithVoid().onFailure().recoverWithUni(e -> {
            Log.warnf("webhook dispatch round failed error=%s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** One round: claims due deliveries and attempts them all; the number attempted. */
    public Uni<Integer> dispatchOnce() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        Duration lease = config.timeout().plusSeconds(30);
        return sql.claim(config.concurrency(), lease).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> attempts = new ArrayList<>();
            for (WebhookSql.Claimed c : claimed) {
                attempts.add(attempt(c).onFailure().recoverWithUni(e -> {
                    Log.warnf("webhook delivery not recorded id=%s error=%s", c.id(), e.toString());
                    return Uni.createFrom().voidItem();
                }));
            }
            return Uni.join().all(attempts).andCollectFailures().replaceWith(claimed.size());
        }).eventually(() -> running.set(false));
    }

    private Uni<Void> attempt(WebhookSql.Claimed c) {
        byte[] body = EventPayload.body(c.eventId(), c.type(), c.at(), c.data(), c.messageId(),
                config.maxPayloadBytes());
        long timestamp = Instant.now().getEpochSecond();
        List<String> secrets = new ArrayList<>();
        secrets.add(c.secret());
        if (c.previousSecret() != null && c.previousSecretUntil() != null
                && c.previousSecretUntil().isAfter(Instant.now())) {
            secrets.add(c.previousSecret());
        }
        String signature = Signatures.header(secrets, c.eventId(), timestamp, body);
        return Uni.createFrom().item(() -> {
            try {
                return targets.resolve(c.url());
            } catch (WebhookTargets.Refused e) {
                throw new Failure(null, "refused: " + e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> post(target, c, body, timestamp, signature))
                .chain(status -> status >= 200 && status < 300
                        ? sql.delivered(c.id(), c.webhookId(), status)
                                .invoke(() -> Log.debugf("webhook delivered id=%s webhook=%s event=%s status=%d",
                                        c.id(), c.webhookId(), c.eventId(), status))
                        : Uni.createFrom().failure(new Failure(status, "HTTP " + status)))
                .onFailure().recoverWithUni(e -> failed(c, e));
    }

    private Uni<Integer> post(WebhookTargets.Target target, WebhookSql.Claimed c, byte[] body, long timestamp,
            String signature) {
        long timeout = config.timeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(c.url())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setConnectTimeout(timeout).setIdleTimeout(timeout).setFollowRedirects(false)
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", USER_AGENT)
                .putHeader("webhook-id", c.eventId()).putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        return client.request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(response -> {
                    response.handler(ignored -> { }); // the answer's body is not read: only its status counts
                    return response.end().onFailure().recoverWithNull().replaceWith(response.statusCode());
                })
                .ifNoItem().after(config.timeout()).failWith(() -> new Failure(null,
                        "timeout: no answer within " + config.timeout().toSeconds() + "s"));
    }

    private Uni<Void> failed(WebhookSql.Claimed c, Throwable e) {
        Integer status = e instanceof Failure f ? f.status : null;
        String error = e instanceof Failure ? e.getMessage() : describe(e);
        int attempt = c.attempts() + 1;
        List<Duration> schedule = config.retrySchedule();
        Duration retryIn = attempt <= schedule.size() ? schedule.get(attempt - 1) : null;
        Log.debugf("webhook attempt failed id=%s webhook=%s event=%s attempt=%d error=%s retryIn=%s", c.id(),
                c.webhookId(), c.eventId(), attempt, error, retryIn);
        return sql.failed(c.id(), c.webhookId(), status, error, retryIn, config.disableAfterFailedEvents(),
                config.disableAfterFailingFor()).invoke(disabled -> disabled.ifPresent(reason -> Log.warnf(
                        "webhook disabled id=%s reason=%s", c.webhookId(), reason))).replaceWithVoid();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String kind = e instanceof java.net.ConnectException ? "connection failed"
                : e instanceof io.netty.channel.ConnectTimeoutException ? "connect timeout"
                : e.getClass().getSimpleName();
        return m == null ? kind : kind + ": " + (m.length() > 300 ? m.substring(0, 300) : m);
    }

    /** An attempt that did not end in a 2xx: the status (null when none) and a short reason. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Integer status;

        Failure(Integer status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
