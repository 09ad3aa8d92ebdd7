package dev.mailroom.agenthost.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.messaging.AgentRecordPublisher;
import dev.mailroom.agenthost.model.WebhookAgentRow;
import dev.mailroom.agenthost.repository.WebhookAgentSql;
import dev.mailroom.agenthost.webhook.WebhookClient;
import dev.mailroom.platform.net.WebhookTargets;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Webhook agent classes created, changed and removed at runtime (REST API): validated, stored in PostgreSQL, served at
 * once by this host ({@link StoredWebhookAgents}) and then published to the agent registry, so routers and ingresses
 * follow within about a second. A publication that fails is logged and healed by the next republication
 * ({@link AgentDirectory#reconcile()}); the database is the truth.
 *
 * <p>Webhook URLs follow platform's {@link WebhookTargets} rule (ADR 0038): http or https, no credentials, a host
 * resolving to public addresses only unless {@code mailroom.webhooks.allow-private}; checked here on a worker thread
 * (it resolves the name) and again by {@link dev.mailroom.agenthost.webhook.WebhookClient} before every call.
 */
@ApplicationScoped
public class WebhookAgentService {

    /** What a client asks for; {@code secret} may be null on an update (the stored one stays). */
    public record Spec(String name, List<String> addresses, String url, String secret, String timeout) {
    }

    /** A field the client must correct ({@link Kind#INVALID}, 400) or that clashes with another class (409). */
    public static class Refused extends RuntimeException {
        /** Why. */
        public enum Kind {
            /** The value is not acceptable. */
            INVALID,
            /** A name or address another class has, or a class of code or configuration. */
            CONFLICT
        }

        private final Kind kind;
        private final String field;

        Refused(Kind kind, String field, String detail) {
            super(detail);
            this.kind = kind;
            this.field = field;
        }

        public Kind kind() {
            return kind;
        }

        public String field() {
            return field;
        }
    }

    private static Refused invalid(String field, String detail) {
        return new Refused(Refused.Kind.INVALID, field, detail);
    }

    private static Refused conflict(String field, String detail) {
        return new Refused(Refused.Kind.CONFLICT, field, detail);
    }

    /** No stored webhook class of that name (404). */
    public static class NotFound extends RuntimeException {
        NotFound(String name) {
            super("no agent class " + name);
        }
    }

    static final int MIN_SECRET = 16;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private final WebhookAgentSql sql;
    private final StoredWebhookAgents stored;
    private final AgentDirectory directory;
    private final AgentRecordPublisher publisher;

    private final WebhookTargets targets;

    public WebhookAgentService(WebhookAgentSql sql, StoredWebhookAgents stored, AgentDirectory directory,
            AgentRecordPublisher publisher, WebhookClient client) {
        this.sql = sql;
        this.stored = stored;
        this.directory = directory;
        this.publisher = publisher;
        this.targets = client.targets();
    }

    public Uni<WebhookAgentRow> create(Spec spec) {
        return Uni.createFrom().item(() -> {
            String name = spec.name();
            if (name == null || !AgentDirectory.NAME.matcher(name).matches()) {
                throw invalid("name", "name: 1-64 letters, digits, '-' or '_', starting with a letter");
            }
            directory.nameTaken(name, null).ifPresent(other -> {
                throw conflict("name", "name: agent class " + other + " exists already");
            });
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return validated(name, spec, null, now, now);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).chain(row -> sql.insert(row).map(inserted -> {
            if (!inserted) {
                throw conflict("name", "name: agent class " + row.name() + " exists already");
            }
            return row;
        })).call(this::serveAndPublish).invoke(row -> Log.infof("webhook agent created class=%s url=%s",
                row.name(), row.url()));
    }

    public Uni<WebhookAgentRow> update(String name, Spec spec) {
        return Uni.createFrom().item(() -> {
            refuseStatic(name);
            if (spec.name() != null && !spec.name().equals(name)) {
                throw invalid("name", "name: must be " + name + " (a class is not renamed)");
            }
            WebhookAgentRow old = stored.row(name).orElseThrow(() -> new NotFound(name));
            return validated(name, spec, old.secret(), old.createdAt(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).chain(row -> sql.update(row).map(updated -> {
            if (!updated) {
                throw new NotFound(name);
            }
            return row;
        })).call(this::serveAndPublish).invoke(row -> Log.infof("webhook agent changed class=%s url=%s",
                row.name(), row.url()));
    }

    public Uni<Void> delete(String name) {
        return Uni.createFrom().item(() -> {
            refuseStatic(name);
            return name;
        }).chain(sql::delete).chain(deleted -> {
            if (!deleted) {
                throw new NotFound(name);
            }
            stored.remove(name);
            Log.infof("webhook agent deleted class=%s", name);
            return publisher.remove(name).onFailure().invoke(f -> Log.errorf(
                    "tombstone of class %s not published (the next republication writes it): %s", name, f))
                    .onFailure().recoverWithNull();
        });
    }

    private void refuseStatic(String name) {
        directory.source(name).filter(s -> s != AgentDirectory.Source.API).ifPresent(s -> {
            throw conflict("name", "name: agent class " + name + " is defined by "
                    + s.name().toLowerCase(Locale.ROOT) + ", not through the API");
        });
    }

    private Uni<Void> serveAndPublish(WebhookAgentRow row) {
        stored.put(row);
        return publisher.publish(AgentDirectory.record(row)).onFailure().recoverWithUni(f -> {
            Log.errorf("agent class %s not published (the next republication does): %s", row.name(), f);
            return Uni.createFrom().voidItem();
        });
    }

    private WebhookAgentRow validated(String name, Spec spec, String oldSecret, Instant created, Instant updated) {
        List<String> addresses = new ArrayList<>();
        List<String> asked = spec.addresses() == null || spec.addresses().isEmpty()
                ? List.of(name.toLowerCase(Locale.ROOT)) : spec.addresses();
        for (String a : asked) {
            String address = a == null ? "" : a.trim().toLowerCase(Locale.ROOT);
            if (!AgentDirectory.validAddress(address)) {
                throw invalid("address", "address: '" + a + "' is not an address name (letters, digits, '.', '_'"
                        + " or '-', at most 64, starting and ending with a letter or digit; no '+')");
            }
            directory.addressTaken(address, name).ifPresent(other -> {
                throw conflict("address", "address: " + address + " already reaches agent class " + other);
            });
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        String url = spec.url();
        if (url == null || url.isBlank()) {
            throw invalid("webhook.url", "webhook.url: an absolute http or https URL is required");
        }
        try {
            targets.check(url);
        } catch (WebhookTargets.Refused e) {
            throw invalid("webhook.url", "webhook.url: " + e.getMessage());
        }
        String secret = spec.secret() != null ? spec.secret() : oldSecret;
        if (secret == null || secret.length() < MIN_SECRET) {
            throw invalid("webhook.secret", "webhook.secret: at least " + MIN_SECRET + " characters");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (spec.timeout() != null) {
            try {
                timeout = DurationConverter.parseDuration(spec.timeout().trim());
            } catch (IllegalArgumentException e) {
                timeout = null;
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw invalid("webhook.timeout", "webhook.timeout: a duration above 0 and at most 5m, e.g. 10s");
            }
        }
        return new WebhookAgentRow(name, addresses, url, secret, timeout, created, updated);
    }
}
