package dev.mailroom.api.forwarded;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Mailboxes, one per address Mailroom serves: served by the mailbox service (ADR 0035), forwarded by the api. */
@Path("/v1/mailboxes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mailboxes", description = "Every address Mailroom serves, with its counts (served by mailbox)")
public interface MailboxesApi {

    @GET
    @Operation(operationId = "listMailboxes", summary = "Mailboxes of the key's domains",
            description = "By address; with messages, unread messages and threads needing a reply.")
    default Schemas.MailboxPage list(@QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteMailbox", summary = "Delete a mailbox with its threads and messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    default Response delete(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }
}
