package dev.mailroom.mailbox.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.mailbox.model.FlagPatch;
import dev.mailroom.mailbox.service.AgentDrafts;
import dev.mailroom.mailbox.service.MailboxReads;
import dev.mailroom.mailbox.service.MessageChanges;
import dev.mailroom.platform.auth.BearerToken;
import dev.mailroom.platform.auth.CurrentCaller;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** {@code /v1/threads/{id}}: one thread with its messages, its change and delete (the listing is search's). */
@Path("/v1/threads/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ThreadResource {

    private final MailboxReads reads;
    private final MessageChanges changes;
    private final CurrentCaller current;
    private final AgentDrafts drafts;

    ThreadResource(MailboxReads reads, MessageChanges changes, CurrentCaller current, AgentDrafts drafts) {
        this.reads = reads;
        this.changes = changes;
        this.current = current;
        this.drafts = drafts;
    }

    @GET
    @Operation(summary = "A thread and its messages, oldest first; an agent mailbox's thread with its pending drafts")
    public Uni<Map<String, Object>> get(@PathParam("id") String id,
            @HeaderParam("Authorization") String authorization) {
        return reads.thread(current.get(), id).chain(view -> withDrafts(view, BearerToken.of(authorization)));
    }

    /**
     * The pending drafts agent-host holds for an agent mailbox's thread, inline ({@code drafts}); a thread of a plain
     * mailbox has none. When agent-host cannot say, the thread still shows, with {@code drafts_error} saying why.
     */
    private Uni<Map<String, Object>> withDrafts(Map<String, Object> view, String token) {
        String agentClass = (String) view.get("agent_class");
        if (agentClass == null) {
            view.put("drafts", java.util.List.of());
            return Uni.createFrom().item(view);
        }
        return drafts.forThread(token, agentClass, (String) view.get("agent_instance"), (String) view.get("root"))
                .map(list -> {
                    view.put("drafts", list);
                    return view;
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("drafts of thread %s not shown: %s", view.get("id"), e.getMessage());
                    view.put("drafts_error", e instanceof AgentDrafts.Refused refused
                            ? "agent-host refused to list the drafts (" + refused.status() + ")"
                            : "agent-host did not answer");
                    return view;
                });
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change unread, starred, folder or labels of every message of a thread")
    public Uni<Map<String, Object>> patch(@PathParam("id") String id, FlagPatch patch) {
        return changes.patchThread(current.get(), id, patch).chain(() -> reads.thread(current.get(), id));
    }

    @DELETE
    @Operation(summary = "Delete a thread and its messages")
    public Uni<Response> delete(@PathParam("id") String id) {
        return changes.deleteThread(current.get(), id).map(v -> Response.noContent().build());
    }
}
