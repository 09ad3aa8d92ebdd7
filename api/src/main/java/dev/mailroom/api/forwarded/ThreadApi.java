package dev.mailroom.api.forwarded;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One thread of a mailbox: served by the mailbox service (ADR 0035), forwarded by the api. The listing
 * ({@code GET /v1/threads}) is declared with search.
 */
@Path("/v1/threads/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "threads", description = "Conversations of a mailbox (served by mailbox)")
public interface ThreadApi {

    @GET
    @Operation(operationId = "getThread", summary = "A thread and its messages, oldest first")
    default Schemas.MailThread get(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateThread", summary = "Change unread, starred, folder or labels of every message")
    default Schemas.MailThread update(@PathParam("id") String id, Schemas.MessageChange change) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Operation(operationId = "deleteThread", summary = "Delete a thread and its messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    default Response delete(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }
}
