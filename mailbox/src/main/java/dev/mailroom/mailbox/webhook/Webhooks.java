package dev.mailroom.mailbox.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.Ids;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.net.WebhookTargets;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Webhook subscriptions: validation (URL rule, event types, filters within the key's domains), secrets and their
 * rotation, the delivery log and replays. A webhook's scope is the creating key's domains; a key sees the webhooks
 * whose scope it covers, and any other id answers 404.
 */
@ApplicationScoped
public class Webhooks {

    /** Events replayed by one range replay at most. */
    public static final int MAX_REPLAY = 10_000;

    /** What a create or change asks for (null: not given). */
    public record Spec(String url, List<String> eventTypes, String mailboxId, String domain, String description,
            Boolean enabled) {
    }

    /** A new webhook and its secret (shown once). */
    public record Created(WebhookSql.Webhook webhook, String secret) {
    }

    private final WebhookSql sql;
    private final WebhooksConfig config;
    private final WebhookTargets targets;

    Webhooks(WebhookSql sql, WebhooksConfig config) {
        this.sql = sql;
        this.config = config;
        this.targets = WebhookTargets.system(config.allowPrivate());
    }

    /** The URL rule this service applies (also at every delivery). */
    public WebhookTargets targets() {
        return targets;
    }

    public Uni<Created> create(Caller caller, Spec spec) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> types = types(spec.eventTypes(), errors, true);
        String domain = domain(caller, spec.domain(), errors);
        String mailbox = blankToNull(spec.mailboxId());
        String description = description(spec.description(), errors);
        if (spec.url() == null || spec.url().isBlank()) {
            errors.add(new Problem.FieldError("url", "an absolute http or https URL is required"));
        }
        List<String> scope = caller.coversEveryDomain() ? List.of(Caller.ALL_DOMAINS) : caller.domains();
        if (scope.isEmpty()) {
            throw ApiException.forbidden("this key covers no domain: its webhooks could receive no event");
        }
        return checkUrl(spec.url(), errors).chain(url -> {
            Instant now = Instant.now();
            WebhookSql.Webhook w = new WebhookSql.Webhook("wh_" + Ids.newId(), caller.keyId(), scope, url, types,
                    mailbox, domain, description, spec.enabled() == null || spec.enabled(), null, null, 0, null,
                    null, now, now);
            String secret = Signatures.newSecret();
            return sql.insert(w, secret).replaceWith(new Created(w, secret))
                    .invoke(() -> Log.infof("webhook created id=%s key=%s types=%s", w.id(), caller.keyId(),
                            String.join(",", types)));
        });
    }

    public Uni<WebhookSql.Webhook> get(Caller caller, String id) {
        return sql.find(id, caller).map(found -> found.orElseThrow(() -> ApiException.notFound("webhook " + id)));
    }

    public Uni<List<WebhookSql.Webhook>> list(Caller caller) {
        return sql.list(caller);
    }

    public Uni<WebhookSql.Webhook> change(Caller caller, String id, Spec spec) {
        return get(caller, id).chain(w -> {
            List<Problem.FieldError> errors = new ArrayList<>();
            List<String> types = spec.eventTypes() == null ? w.eventTypes() : types(spec.eventTypes(), errors, true);
            String domain = spec.domain() == null ? w.domain() : domain(caller, spec.domain(), errors);
            String mailbox = spec.mailboxId() == null ? w.mailboxId() : blankToNull(spec.mailboxId());
            String description = spec.description() == null ? w.description() : description(spec.description(),
                    errors);
            Uni<String> url = spec.url() == null ? noErrors(errors).replaceWith(w.url()) : checkUrl(spec.url(), errors);
            return url.chain(u -> {
                WebhookSql.Webhook changed = new WebhookSql.Webhook(w.id(), w.keyId(), w.scope(), u, types, mailbox,
                        domain, description, spec.enabled() == null ? w.enabled() : spec.enabled(),
                        w.disabledReason(), w.disabledAt(), w.failedEvents(), w.failingSince(),
                        w.previousSecretUntil(), w.createdAt(), w.updatedAt());
                return sql.update(changed).chain(() -> get(caller, id));
            });
        });
    }

    public Uni<Void> delete(Caller caller, String id) {
        return sql.delete(id, caller).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("webhook " + id);
            }
            Log.infof("webhook deleted id=%s key=%s", id, caller.keyId());
        }).replaceWithVoid();
    }

    /** A new secret (returned once); the old one signs too for {@code secret-overlap}. */
    public Uni<Rotated> rotate(Caller caller, String id) {
        String secret = Signatures.newSecret();
        return sql.rotate(id, caller, secret, config.secretOverlap()).map(until -> {
            Instant previousUntil = until.orElseThrow(() -> ApiException.notFound("webhook " + id));
            Log.infof("webhook secret rotated id=%s key=%s previousUntil=%s", id, caller.keyId(), previousUntil);
            return new Rotated(id, secret, previousUntil);
        });
    }

    /** A rotation's answer. */
    public record Rotated(String id, String secret, Instant previousSecretExpiresAt) {
    }

    public Uni<List<WebhookSql.Delivery>> deliveries(Caller caller, String id, Long beforeSeq, int limit) {
        return get(caller, id).chain(w -> sql.deliveries(w.id(), beforeSeq, limit));
    }

    public Uni<WebhookSql.Delivery> replay(Caller caller, String id, String deliveryId) {
        return get(caller, id).chain(w -> sql.replay(w.id(), deliveryId)).map(d -> d.orElseThrow(
                () -> ApiException.notFound("delivery " + deliveryId)));
    }

    public Uni<Integer> replay(Caller caller, String id, Instant since, Instant until) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (since == null) {
            errors.add(new Problem.FieldError("since", "required: an RFC 3339 time"));
        }
        Instant end = until == null ? Instant.now() : until;
        if (since != null && !since.isBefore(end)) {
            errors.add(new Problem.FieldError("until", "must be after since"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return get(caller, id).chain(w -> sql.replayRange(w.id(), since, end, MAX_REPLAY))
                .invoke(n -> Log.infof("webhook replay id=%s since=%s until=%s events=%d", id, since, end, n));
    }

    /** The URL rule on a worker thread (it resolves the name); 422 naming {@code url} when refused. */
    private Uni<String> checkUrl(String url, List<Problem.FieldError> errors) {
        return Uni.createFrom().item(() -> {
            if (url != null && !url.isBlank()) {
                try {
                    targets.check(url);
                } catch (WebhookTargets.Refused e) {
                    errors.add(new Problem.FieldError("url", e.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            return url.trim();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Uni<Void> noErrors(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        return Uni.createFrom().voidItem();
    }

    static List<String> types(List<String> given, List<Problem.FieldError> errors, boolean required) {
        if (given == null || given.isEmpty()) {
            if (required) {
                errors.add(new Problem.FieldError("event_types", "at least one of " + CustomerEvents.sortedTypes()));
            }
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : given) {
            if (t == null || !CustomerEvents.TYPES.contains(t)) {
                errors.add(new Problem.FieldError("event_types", "unknown event type '" + t + "'; known: "
                        + CustomerEvents.sortedTypes()));
                return List.of();
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    static String domain(Caller caller, String domain, List<Problem.FieldError> errors) {
        String d = blankToNull(domain);
        if (d == null) {
            return null;
        }
        d = d.toLowerCase(Locale.ROOT);
        if (!caller.covers(d)) {
            errors.add(new Problem.FieldError("domain", "this key does not cover the domain " + d));
        }
        return d;
    }

    static String description(String description, List<Problem.FieldError> errors) {
        if (description != null && description.length() > 500) {
            errors.add(new Problem.FieldError("description", "at most 500 characters"));
        }
        return blankToNull(description);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
