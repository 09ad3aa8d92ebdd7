package dev.mailroom.mailbox.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.mailroom.mailbox.repository.ThreadListSql.ThreadSummary;
import dev.mailroom.mailbox.service.ThreadListing;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/threads}: the listing and search of threads (one thread by id is another resource's). Parameters:
 * {@code mailbox} (an id), {@code label}, {@code folder} (inbox, drafts, archive, trash, spam, sent, anywhere), {@code q}
 * (the search language of mailbox/README.md), {@code limit}, {@code page_token}.
 */
@Path("/v1/threads")
@Produces(MediaType.APPLICATION_JSON)
public class ThreadListResource {

    private final ThreadListing listing;
    private final CurrentCaller current;

    ThreadListResource(ThreadListing listing, CurrentCaller current) {
        this.listing = listing;
        this.current = current;
    }

    @GET
    public Uni<Page<ThreadSummary>> list(@QueryParam("mailbox") String mailbox, @QueryParam("label") String label,
            @QueryParam("folder") String folder, @QueryParam("q") String q, @QueryParam("limit") String limit,
            @QueryParam("page_token") String pageToken) {
        Caller caller = current.get();
        if (!caller.may(Permission.READ)) {
            throw ApiException.forbidden("this operation needs the permission read");
        }
        return listing.list(caller, mailbox, label, folder, q, PageToken.limitOf(limit), pageToken);
    }
}
