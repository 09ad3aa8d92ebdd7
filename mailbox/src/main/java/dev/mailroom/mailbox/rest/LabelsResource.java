package dev.mailroom.mailbox.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.mailbox.repository.LabelSql;
import dev.mailroom.mailbox.repository.ThreadListSql;
import dev.mailroom.mailbox.service.Scope;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/labels?mailbox=}: the labels in use in the caller's domains (or one mailbox: another tenant's
 * answers 404 like a missing one), by name, with their message, unread and thread counts.
 */
@Path("/v1/labels")
@Produces(MediaType.APPLICATION_JSON)
public class LabelsResource {

    private final LabelSql labels;
    private final ThreadListSql mailboxes;
    private final CurrentCaller current;

    LabelsResource(LabelSql labels, ThreadListSql mailboxes, CurrentCaller current) {
        this.labels = labels;
        this.mailboxes = mailboxes;
        this.current = current;
    }

    @GET
    @Operation(summary = "Labels in use, by name, with message, unread and thread counts (trash and spam left out)")
    public Uni<Map<String, List<LabelSql.LabelCount>>> list(@QueryParam("mailbox") String mailbox) {
        Caller caller = current.get();
        Scope.requireRead(caller);
        List<String> domains = caller.coversEveryDomain() ? null : caller.domains();
        Uni<String> scoped = mailbox == null || mailbox.isBlank() ? Uni.createFrom().nullItem()
                : mailboxes.mailboxDomain(mailbox).map(domain -> {
                    Scope.check(caller, domain, "mailbox " + mailbox);
                    return mailbox;
                });
        return scoped.chain(id -> labels.inUse(domains, id)).map(list -> Map.of("items", list));
    }
}
