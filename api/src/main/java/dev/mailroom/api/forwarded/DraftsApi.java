package dev.mailroom.api.forwarded;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Drafts held for approval: served by agent-host, forwarded by the api. */
@Path("/v1/drafts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "drafts", description = "Messages agents hold for approval (served by agent-host)")
public interface DraftsApi {

    @GET
    @Operation(operationId = "listDrafts", summary = "Drafts", description = "Oldest first (id breaks ties).")
    default Schemas.DraftPage list(
            @QueryParam("status") @Parameter(description = "pending (default), approved, rejected or all") String status,
            @QueryParam("class") @Parameter(description = "an agent class (with instance): its drafts only") String className,
            @QueryParam("instance") @Parameter(description = "an instance of class") String instance,
            @QueryParam("thread") @Parameter(description = "a thread of the instance: its id, or the Message-ID of a"
                    + " message in it (a mailbox thread's root)") String thread,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDraft", summary = "One draft")
    default Schemas.Draft get(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "approveDraft", summary = "Approve a draft",
            description = "Optionally edited; sent with the draft id as send id, by a key covering its domain.")
    @APIResponse(responseCode = "409", description = "draft-decided: already approved or rejected")
    default Schemas.Draft approve(@PathParam("id") String id, Schemas.DraftApproval body) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{id}/reject")
    @Operation(operationId = "rejectDraft", summary = "Reject a draft", description = "Nothing is sent. An"
            + " optional body {\"reason\": \"…\"} (at most 1,000 characters, else 422 naming reason) is kept as"
            + " decision_reason and carried by the draft.rejected event.")
    @APIResponse(responseCode = "409", description = "draft-decided: already approved or rejected")
    default Schemas.Draft reject(@PathParam("id") String id, Schemas.DraftRejection body) {
        return Forwarded.notServedHere();
    }
}
