package dev.mailroom.mailbox.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.mailbox.model.FlagPatch;
import dev.mailroom.mailbox.service.MailboxReads;
import dev.mailroom.mailbox.service.MessageChanges;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/messages}: one message (parsed, verdicts, attachments, delivery of an outbound one in egress-sender's
 * field names), its raw bytes, its attachments, flags/labels/folder changes (one or a batch), delete.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    /** Body of {@code POST /v1/messages/batch}. */
    public record Batch(List<String> ids, FlagPatch patch) {
    }

    private final MailboxReads reads;
    private final MessageChanges changes;
    private final CurrentCaller current;

    MessagesResource(MailboxReads reads, MessageChanges changes, CurrentCaller current) {
        this.reads = reads;
        this.changes = changes;
        this.current = current;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A message: headers, bodies, authentication, route, attachments, delivery of a sent one")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return reads.message(current.get(), id);
    }

    @GET
    @Path("/{id}/raw")
    @Produces("message/rfc822")
    @Operation(summary = "The message as stored (RFC 5322); a sent message without its own raw bytes is rebuilt")
    public Uni<Response> raw(@PathParam("id") String id) {
        return reads.raw(current.get(), id).map(bytes -> Response.ok(bytes, "message/rfc822")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", Downloads.disposition(id + ".eml")).build());
    }

    @GET
    @Path("/{id}/attachments/{aid}")
    @Produces({MediaType.WILDCARD})
    @Operation(summary = "An attachment's bytes, or with format=text its extracted text (untrusted content)")
    public Uni<Response> attachment(@PathParam("id") String id, @PathParam("aid") String aid,
            @QueryParam("format") String format) {
        boolean text = "text".equals(format);
        if (format != null && !text) {
            throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("format",
                    "only format=text is known (omit it for the bytes)")));
        }
        return reads.attachment(current.get(), id, aid, text).map(c -> {
            Response.ResponseBuilder r = Response.ok(c.bytes())
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "sandbox");
            if (text) {
                return r.type(c.contentType()).build();
            }
            return r.type(Downloads.contentType(c.contentType()))
                    .header("Content-Disposition", Downloads.disposition(c.filename())).build();
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change unread, starred, folder or labels of a message")
    public Uni<Map<String, Object>> patch(@PathParam("id") String id, FlagPatch patch) {
        return changes.patchMessage(current.get(), id, patch).chain(() -> reads.message(current.get(), id));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change up to 100 messages at once: all or none")
    public Uni<Map<String, Object>> batch(Batch batch) {
        if (batch == null) {
            throw ApiException.badRequest("a JSON body {\"ids\": [...], \"patch\": {...}} is required");
        }
        return changes.patchBatch(current.get(), batch.ids(), batch.patch()).map(n -> Map.of("updated", n));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a message (its blobs go when nothing else references them)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return changes.deleteMessage(current.get(), id).map(v -> Response.noContent().build());
    }
}
