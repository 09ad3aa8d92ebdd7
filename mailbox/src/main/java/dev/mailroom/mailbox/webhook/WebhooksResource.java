package dev.mailroom.mailbox.webhook;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/webhooks}: customer event webhooks (Standard Webhooks signatures), their delivery log and replays.
 * Needs the permission {@code read}; a webhook outside the key's domains answers 404.
 */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    /** A create or change. */
    public record WebhookRequest(String url, @JsonProperty("event_types") List<String> eventTypes,
            @JsonProperty("mailbox_id") String mailboxId, String domain, String description, Boolean enabled) {
        Webhooks.Spec spec() {
            return new Webhooks.Spec(url, eventTypes, mailboxId, domain, description, enabled);
        }
    }

    /** A webhook as the API shows it; {@code secret} only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String id, String url, @JsonProperty("event_types") List<String> eventTypes,
            @JsonProperty("mailbox_id") String mailboxId, String domain, String description,
            @JsonInclude(JsonInclude.Include.ALWAYS) boolean enabled,
            @JsonProperty("disabled_reason") String disabledReason, @JsonProperty("disabled_at") Instant disabledAt,
            @JsonProperty("previous_secret_expires_at") Instant previousSecretExpiresAt,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
            String secret) {
        static WebhookView of(WebhookSql.Webhook w, String secret) {
            Instant previous = w.previousSecretUntil() != null && w.previousSecretUntil().isAfter(Instant.now())
                    ? w.previousSecretUntil() : null;
            return new WebhookView(w.id(), w.url(), w.eventTypes(), w.mailboxId(), w.domain(), w.description(),
                    w.enabled(), w.disabledReason(), w.disabledAt(), previous, w.createdAt(), w.updatedAt(), secret);
        }
    }

    public record WebhookList(List<WebhookView> items) {
    }

    public record RotatedView(String id, String secret,
            @JsonProperty("previous_secret_expires_at") Instant previousSecretExpiresAt) {
    }

    /** One delivery in the log. */
    public record DeliveryView(String id, @JsonProperty("event_id") String eventId,
            @JsonProperty("event_type") String eventType, String status, int attempts,
            @JsonProperty("last_status_code") Integer lastStatusCode, @JsonProperty("last_error") String lastError,
            @JsonProperty("last_attempt_at") Instant lastAttemptAt,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("created_at") Instant createdAt) {
        static DeliveryView of(WebhookSql.Delivery d) {
            return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.status(), d.attempts(), d.lastStatus(),
                    d.lastError(), d.lastAttemptAt(), "pending".equals(d.status()) ? d.nextAttemptAt() : null,
                    d.createdAt());
        }
    }

    /** A page of the delivery log, newest event first; {@code next_before} continues it. */
    public record DeliveryList(List<DeliveryView> items, @JsonProperty("next_before") Long nextBefore) {
    }

    public record ReplayRequest(Instant since, Instant until) {
    }

    public record ReplayView(int replayed) {
    }

    private final Webhooks webhooks;
    private final CurrentCaller current;

    WebhooksResource(Webhooks webhooks, CurrentCaller current) {
        this.webhooks = webhooks;
        this.current = current;
    }

    private Caller reader() {
        Caller caller = current.get();
        if (!caller.may(Permission.READ)) {
            throw ApiException.forbidden("this operation needs the permission read");
        }
        return caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(WebhookRequest body) {
        Caller caller = reader();
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        return webhooks.create(caller, body.spec()).map(c -> Response.status(201)
                .header("Location", "/v1/webhooks/" + c.webhook().id())
                .entity(WebhookView.of(c.webhook(), c.secret())).build());
    }

    @GET
    public Uni<WebhookList> list() {
        return webhooks.list(reader()).map(l -> new WebhookList(l.stream().map(w -> WebhookView.of(w, null))
                .toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<WebhookView> get(@PathParam("id") String id) {
        return webhooks.get(reader(), id).map(w -> WebhookView.of(w, null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WebhookView> change(@PathParam("id") String id, WebhookRequest body) {
        Caller caller = reader();
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        return webhooks.change(caller, id, body.spec()).map(w -> WebhookView.of(w, null));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return webhooks.delete(reader(), id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/rotate-secret")
    public Uni<RotatedView> rotate(@PathParam("id") String id) {
        return webhooks.rotate(reader(), id)
                .map(r -> new RotatedView(r.id(), r.secret(), r.previousSecretExpiresAt()));
    }

    @GET
    @Path("/{id}/deliveries")
    public Uni<DeliveryList> deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit,
            @QueryParam("before") Long before) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 200) {
            throw ApiException.badRequest("limit must be between 1 and 200");
        }
        return webhooks.deliveries(reader(), id, before, n).map(list -> new DeliveryList(
                list.stream().map(DeliveryView::of).toList(),
                list.size() == n ? list.get(list.size() - 1).eventSeq() : null));
    }

    @POST
    @Path("/{id}/deliveries/{delivery}/replay")
    public Uni<Response> replay(@PathParam("id") String id, @PathParam("delivery") String delivery) {
        return webhooks.replay(reader(), id, delivery)
                .map(d -> Response.accepted(DeliveryView.of(d)).build());
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> replayRange(@PathParam("id") String id, ReplayRequest body) {
        Caller caller = reader();
        if (body == null) {
            throw ApiException.badRequest("a JSON body with since (and until) is required");
        }
        return webhooks.replay(caller, id, body.since(), body.until())
                .map(n -> Response.accepted(new ReplayView(n)).build());
    }
}
