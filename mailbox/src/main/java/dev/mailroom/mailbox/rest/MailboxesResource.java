package dev.mailroom.mailbox.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.mailbox.repository.MailboxSql;
import dev.mailroom.mailbox.service.MessageChanges;
import dev.mailroom.mailbox.service.Scope;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import io.smallrye.mutiny.Uni;

/** {@code /v1/mailboxes}: the mailboxes of the caller's domains (a page, by address, with counts); delete one. */
@Path("/v1/mailboxes")
@Produces(MediaType.APPLICATION_JSON)
public class MailboxesResource {

    private final MailboxSql sql;
    private final MessageChanges changes;
    private final CurrentCaller current;

    MailboxesResource(MailboxSql sql, MessageChanges changes, CurrentCaller current) {
        this.sql = sql;
        this.changes = changes;
        this.current = current;
    }

    @GET
    @Operation(summary = "Mailboxes of the key's domains, by address, with message, unread and needs-reply counts")
    public Uni<Page<MailboxSql.MailboxView>> list(@QueryParam("limit") String limit,
            @QueryParam("page_token") String pageToken) {
        Caller caller = current.get();
        Scope.requireRead(caller);
        return sql.list(caller, PageToken.decode(pageToken), PageToken.limitOf(limit));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a mailbox with its threads and messages")
    public Uni<Response> delete(@PathParam("id") String id) {
        return changes.deleteMailbox(current.get(), id).map(v -> Response.noContent().build());
    }
}
