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
import dev.mailroom.mailbox.service.MessageBodies;
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

    /** The message body's policy: nothing but inline styles and images inside the message (ADR 0040). */
    static final String BODY_CSP_BLOCK = "default-src 'none'; img-src data:; style-src 'unsafe-inline';"
            + " font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    /** The same with remote images allowed (the person asked for them). */
    static final String BODY_CSP_ALLOW = "default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline';"
            + " font-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    /** Media types an attachment may be shown inline as (raster images, PDF); never SVG or HTML. */
    static final java.util.Set<String> INLINE_TYPES = java.util.Set.of("image/png", "image/jpeg", "image/gif",
            "image/webp", "application/pdf");
    /** The policy of an attachment shown inline. */
    static final String INLINE_CSP = "sandbox; default-src 'none'; img-src 'self'; object-src 'self';"
            + " style-src 'unsafe-inline'";

    private final MailboxReads reads;
    private final MessageChanges changes;
    private final CurrentCaller current;
    private final MessageBodies bodies;

    MessagesResource(MailboxReads reads, MessageChanges changes, CurrentCaller current, MessageBodies bodies) {
        this.bodies = bodies;
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
    @Path("/{id}/body")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The body as a safe HTML document for a sandboxed iframe (remote images blocked unless"
            + " images=allow)")
    public Uni<Response> body(@PathParam("id") String id, @QueryParam("images") String images) {
        boolean allow = "allow".equals(images);
        if (images != null && !allow && !"block".equals(images)) {
            throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("images",
                    "block (the default) or allow")));
        }
        return bodies.body(current.get(), id, allow).map(r -> Response.ok(r.html(), "text/html; charset=utf-8")
                .header("Content-Security-Policy", allow ? BODY_CSP_ALLOW : BODY_CSP_BLOCK)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "private, no-store")
                .header("X-Remote-Images", String.valueOf(r.remoteImages()))
                .build());
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
    @Operation(summary = "An attachment's bytes, or with format=text its extracted text (untrusted content);"
            + " disposition=inline shows raster images and PDF in the browser")
    public Uni<Response> attachment(@PathParam("id") String id, @PathParam("aid") String aid,
            @QueryParam("format") String format, @QueryParam("disposition") String disposition) {
        boolean text = "text".equals(format);
        if (format != null && !text) {
            throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("format",
                    "only format=text is known (omit it for the bytes)")));
        }
        boolean inline = "inline".equals(disposition);
        if (disposition != null && !inline && !"attachment".equals(disposition)) {
            throw ApiException.invalid(List.of(new dev.mailroom.platform.problem.Problem.FieldError("disposition",
                    "inline or attachment (the default)")));
        }
        return reads.attachment(current.get(), id, aid, text).map(c -> {
            Response.ResponseBuilder r = Response.ok(c.bytes()).header("X-Content-Type-Options", "nosniff");
            if (text) {
                return r.type(c.contentType()).header("Content-Security-Policy", "sandbox").build();
            }
            String type = Downloads.contentType(c.contentType());
            if (inline && INLINE_TYPES.contains(type)) {
                return r.type(type).header("Content-Security-Policy", INLINE_CSP)
                        .header("Content-Disposition", Downloads.inline(c.filename())).build();
            }
            return r.type(type).header("Content-Security-Policy", "sandbox")
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
