package dev.mailroom.agenthost.rest;

import java.util.List;
import java.util.function.Predicate;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.agenthost.messaging.OutboxRelay;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.page.Keyset;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * Drafts held for approval. Any key may read them; deciding one needs an admin key or a key whose domains include
 * the draft's sender domain.
 */
@Path("/v1/drafts")
@Produces(MediaType.APPLICATION_JSON)
public class DraftsResource {

    private final DraftService drafts;
    private final OutboxRelay relay;
    private final CurrentCaller current;

    public DraftsResource(DraftService drafts, OutboxRelay relay, CurrentCaller current) {
        this.drafts = drafts;
        this.relay = relay;
        this.current = current;
    }

    @GET
    @Operation(summary = "Drafts", description = "status: pending (default), approved, rejected or all; oldest"
            + " first (id breaks ties); a page of limit (default 50, at most 200), the next one with page_token."
            + " class and instance (both, or neither) narrow it to one instance; thread to one of its threads: the"
            + " thread id, or the Message-ID of a message recorded in it.")
    public Uni<Page<Views.DraftView>> list(@QueryParam("status") @DefaultValue("pending") String status,
            @QueryParam("limit") String limit, @QueryParam("page_token") String pageToken,
            @QueryParam("class") String className, @QueryParam("instance") String instance,
            @QueryParam("thread") String thread) {
        Caller caller = current.get();
        Draft.Status wanted = Views.status(status, Draft.Status.class);
        int size = PageToken.limitOf(limit);
        Keyset after = Keyset.after(pageToken);
        if ((className == null) != (instance == null)) {
            throw ApiException.invalid(List.of(new Problem.FieldError(className == null ? "class" : "instance",
                    "class and instance go together")));
        }
        String agentKey = className == null ? null : new AgentRef(className, instance).key();
        String inThread = thread == null || thread.isBlank() ? null : InstanceSendJson.unbracket(thread);
        return visible(caller, wanted, after, size + 1, agentKey, inThread, new java.util.ArrayList<>())
                .map(list -> Page.of(list.stream().map(Views.DraftView::of).toList(), size,
                        d -> Keyset.cursor(d.createdAt(), d.id())));
    }

    /**
     * Up to {@code wanted} drafts after {@code after} that {@code caller} may see (its domains cover the draft's
     * sender): another tenant's drafts are skipped in the database's order, fetching further until the page is full
     * or the drafts run out, so a page is never cut short by drafts the caller may not see.
     */
    private Uni<List<Draft>> visible(Caller caller, Draft.Status status, Keyset after, int wanted, String agentKey,
            String thread, List<Draft> found) {
        int fetch = Math.max(wanted - found.size(), 1);
        return drafts.list(status, after, fetch, agentKey, thread).chain(batch -> {
            for (Draft d : batch) {
                if (found.size() < wanted && maySee(caller, d)) {
                    found.add(d);
                }
            }
            if (found.size() >= wanted || batch.size() < fetch || caller.coversEveryDomain()) {
                return Uni.createFrom().item(found);
            }
            Draft last = batch.get(batch.size() - 1);
            return visible(caller, status, new Keyset(last.createdAt, last.id), wanted, agentKey, thread, found);
        });
    }

    private static boolean maySee(Caller caller, Draft d) {
        return caller.coversEveryDomain() || covers(caller).test(DraftService.request(d));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One draft")
    public Uni<Views.DraftView> get(@PathParam("id") String id) {
        Caller caller = current.get();
        return drafts.get(id).map(d -> {
            if (!maySee(caller, d)) {
                throw new DraftService.NoSuchDraft(id); // another tenant's draft answers as a missing one
            }
            return Views.DraftView.of(d);
        });
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a draft", description = "Optionally edited (subject, text, html, to); it is sent"
            + " with the draft id as send id. 409 when already decided.")
    public Uni<Views.DraftView> approve(@PathParam("id") String id, Views.ApproveBody body) {
        Caller caller = current.get();
        DraftService.Edits edits = body == null ? null
                : new DraftService.Edits(body.subject(), body.text(), body.html(), body.to());
        if (edits != null && edits.to() != null && edits.to().isEmpty()) {
            throw ApiException.badRequest("to must name at least one recipient");
        }
        return drafts.approve(id, edits, caller.keyId(), covers(caller))
                .invoke(relay::trigger)
                .chain(() -> drafts.get(id)).map(Views.DraftView::of);
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject a draft", description = "Nothing is sent. Optional JSON body {\"reason\": \"…\"}"
            + " (at most 1,000 characters), kept as decision_reason and in the draft.rejected event. 409 when"
            + " already decided.")
    public Uni<Views.DraftView> reject(@PathParam("id") String id, String body) {
        Caller caller = current.get();
        String reason = Views.RejectBody.reasonOf(body);
        return drafts.reject(id, caller.keyId(), reason, covers(caller))
                .invoke(relay::trigger) // its agent.draft-decided event, now rather than after the relay's grace
                .map(Views.DraftView::of);
    }

    private static Predicate<OutboundRequest> covers(Caller caller) {
        return request -> caller.covers(request.from().domain());
    }
}
