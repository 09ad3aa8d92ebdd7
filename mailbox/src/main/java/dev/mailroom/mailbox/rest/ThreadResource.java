package dev.mailroom.mailbox.rest;

import java.util.Map;

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

import dev.mailroom.mailbox.model.FlagPatch;
import dev.mailroom.mailbox.service.MailboxReads;
import dev.mailroom.mailbox.service.MessageChanges;
import dev.mailroom.platform.auth.CurrentCaller;
import io.smallrye.mutiny.Uni;

/** {@code /v1/threads/{id}}: one thread with its messages, its change and delete (the listing is search's). */
@Path("/v1/threads/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ThreadResource {

    private final MailboxReads reads;
    private final MessageChanges changes;
    private final CurrentCaller current;

    ThreadResource(MailboxReads reads, MessageChanges changes, CurrentCaller current) {
        this.reads = reads;
        this.changes = changes;
        this.current = current;
    }

    @GET
    @Operation(summary = "A thread and its messages, oldest first")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return reads.thread(current.get(), id);
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
