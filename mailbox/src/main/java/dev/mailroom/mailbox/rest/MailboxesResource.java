package dev.mailroom.mailbox.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.mailroom.mailbox.repository.MailboxSql;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/mailboxes}: the mailboxes of the caller's domains. */
@Path("/v1/mailboxes")
@Produces(MediaType.APPLICATION_JSON)
public class MailboxesResource {

    private final MailboxSql sql;
    private final CurrentCaller current;

    MailboxesResource(MailboxSql sql, CurrentCaller current) {
        this.sql = sql;
        this.current = current;
    }

    @GET
    public Uni<MailboxSql.MailboxList> list() {
        Caller caller = current.get();
        if (!caller.may(Permission.READ)) {
            throw ApiException.forbidden("this operation needs the permission read");
        }
        return sql.list(caller);
    }
}
