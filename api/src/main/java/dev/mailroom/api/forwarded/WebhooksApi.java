package dev.mailroom.api.forwarded;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Customer event webhooks (Standard Webhooks signatures), their delivery log and replays: served by mailbox
 * (ADR 0038), forwarded by the api.
 */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks", description = "Signed event webhooks, their deliveries and replays (served by mailbox)")
public interface WebhooksApi {

    String TYPES = "message.received, message.sent, message.delivered, message.deferred, message.bounced,"
            + " message.failed, message.suppressed, draft.created, draft.approved, draft.rejected, domain.verified,"
            + " domain.record_broken";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WebhookDefinition", description = "A webhook to create, or the fields to change (absent: kept).")
    record WebhookDefinition(@Schema(example = "https://hooks.example.org/mailroom",
            description = "http or https; a host resolving to a private, loopback, link-local or metadata address is"
                    + " refused") String url,
            @Schema(example = "[\"message.received\", \"message.bounced\"]", description = "any of: " + TYPES)
            List<String> eventTypes,
            @Schema(description = "only events of this mailbox", example = "mb-3f2a") String mailboxId,
            @Schema(description = "only events of this domain (one the key covers)", example = "example.org")
            String domain,
            @Schema(example = "CRM sync") String description, @Schema(example = "true") Boolean enabled) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Webhook", description = "A webhook; secret only in the answer to its creation.")
    record Webhook(@Schema(example = "wh_019bf3c2a1d04e5f6a7b8c9d0e1f") String id,
            @Schema(example = "https://hooks.example.org/mailroom") String url,
            @Schema(example = "[\"message.received\"]") List<String> eventTypes, String mailboxId,
            @Schema(example = "example.org") String domain, @Schema(example = "CRM sync") String description,
            @Schema(example = "true") boolean enabled,
            @Schema(description = "why Mailroom disabled it (persistent failure); PATCH enabled=true resumes",
                    example = "5 consecutive events failed every delivery attempt") String disabledReason,
            Instant disabledAt,
            @Schema(description = "after a rotation: until when the previous secret signs too",
                    example = "2026-12-08T06:13:04Z") Instant previousSecretExpiresAt,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt,
            @Schema(example = "2026-12-07T06:13:04Z") Instant updatedAt,
            @Schema(description = "whsec_<base64>: shown once, at creation",
                    example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret) {
    }

    @Schema(name = "WebhookList")
    record WebhookList(List<Webhook> items) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WebhookSecret", description = "A rotated secret, shown once.")
    record WebhookSecret(@Schema(example = "wh_019bf3c2a1d04e5f6a7b8c9d0e1f") String id,
            @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret,
            @Schema(example = "2026-12-08T06:13:04Z") Instant previousSecretExpiresAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WebhookDelivery", description = "One event for one webhook.")
    record WebhookDelivery(@Schema(example = "whd_5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5") String id,
            @Schema(example = "evt_3b9a5e7f1c2d4e6f8a0b1c2d3e4f") String eventId,
            @Schema(example = "message.delivered") String eventType,
            @Schema(enumeration = { "pending", "delivered", "failed" }, example = "delivered") String status,
            @Schema(example = "1") int attempts, @Schema(example = "200") Integer lastStatusCode,
            @Schema(example = "HTTP 503") String lastError,
            @Schema(example = "2026-12-07T06:13:05Z") Instant lastAttemptAt, Instant nextAttemptAt,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WebhookDeliveryList", description = "Newest event first; next_before continues the list.")
    record WebhookDeliveryList(List<WebhookDelivery> items, @Schema(example = "4711") Long nextBefore) {
    }

    @Schema(name = "WebhookReplay", description = "Deliver again every event of [since, until) the webhook wants.")
    record WebhookReplay(@Schema(example = "2026-12-07T00:00:00Z") Instant since,
            @Schema(example = "2026-12-07T12:00:00Z", description = "default: now") Instant until) {
    }

    @Schema(name = "WebhookReplayResult")
    record WebhookReplayResult(@Schema(example = "42") int replayed) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Create a webhook",
            description = "Key with read. It receives the events of the key's domains only. Deliveries are POSTs of"
                    + " {type, timestamp, data} signed per Standard Webhooks (webhook-id, webhook-timestamp,"
                    + " webhook-signature), retried for about a day.")
    @APIResponse(responseCode = "201", description = "Created; the secret is in this answer only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Webhook.class)))
    default Response create(WebhookDefinition body) {
        return Forwarded.notServedHere();
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "The webhooks of the key's domains")
    default WebhookList list() {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "A webhook (never its secret)")
    default Webhook get(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateWebhook", summary = "Change a webhook",
            description = "Absent fields are kept; enabled=true resumes a webhook Mailroom disabled.")
    default Webhook update(@PathParam("id") String id, WebhookDefinition body) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its delivery log")
    @APIResponse(responseCode = "204", description = "Deleted")
    default Response delete(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "A new signing secret",
            description = "The previous secret keeps signing too (a second v1 signature) until"
                    + " previous_secret_expires_at.")
    default WebhookSecret rotate(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "The delivery log",
            description = "Status, attempts, last response code, time and error of each delivery.")
    default WebhookDeliveryList deliveries(@PathParam("id") String id,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("before") @Parameter(description = "next_before of the previous page") Long before) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/deliveries/{delivery_id}/replay")
    @Operation(operationId = "replayWebhookDelivery", summary = "Deliver one event again")
    @APIResponse(responseCode = "202", description = "Pending again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookDelivery.class)))
    default Response replay(@PathParam("id") String id, @PathParam("delivery_id") String deliveryId) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayWebhookEvents", summary = "Deliver the events of a time range again",
            description = "At most 10,000 events per call.")
    @APIResponse(responseCode = "202", description = "Pending",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookReplayResult.class)))
    default Response replayRange(@PathParam("id") String id, WebhookReplay body) {
        return Forwarded.notServedHere();
    }
}
