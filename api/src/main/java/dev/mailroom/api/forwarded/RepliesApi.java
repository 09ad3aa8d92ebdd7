package dev.mailroom.api.forwarded;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reply, reply-all and forward from a mailbox: served by the mailbox service, forwarded by the api. An agent mailbox's
 * message goes through its class's send policy (agent-host), so it may be held as a draft.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public interface RepliesApi {

    String ACCEPTED = "Accepted: queued (durable in Kafka, or in an agent's outbox) or held for approval (draft_id)";
    String RULES = " 404 when the message does not exist or the key cannot read it; 403 naming from when the key may"
            + " not send from the mailbox's address; 422 per field; 503 kafka-unavailable when Kafka did not"
            + " acknowledge in time (nothing was accepted), upstream-unavailable when agent-host does not answer for"
            + " an agent mailbox. A retry with the same Idempotency-Key sends nothing more.";
    String KEY = "makes retries safe: the same send (the body is not compared)";

    @POST
    @Path("/{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replyToMessage", summary = "Reply to a message from its mailbox",
            description = "To the message's Reply-To, else its From (a message the mailbox sent: its recipients"
                    + " again); subject Re:, In-Reply-To and References built from the message." + RULES)
    @APIResponse(responseCode = "202", description = ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schemas.ReplyAccepted.class)))
    default Response reply(@PathParam("id") String id, Schemas.Reply body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/reply-all")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replyAllToMessage", summary = "Reply to everyone of a message",
            description = "As reply, and to the message's To and Cc, never to the mailbox itself." + RULES)
    @APIResponse(responseCode = "202", description = ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schemas.ReplyAccepted.class)))
    default Response replyAll(@PathParam("id") String id, Schemas.Reply body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/forward")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "forwardMessage", summary = "Forward a message",
            description = "To the given recipients (to is required), subject Fwd:, the message quoted (its HTML"
                    + " cleaned), its attachments included unless include_attachments is false; References kept."
                    + RULES)
    @APIResponse(responseCode = "202", description = ACCEPTED, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schemas.ReplyAccepted.class)))
    default Response forward(@PathParam("id") String id, Schemas.Reply body,
            @Parameter(description = KEY) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return Forwarded.notServedHere();
    }
}
