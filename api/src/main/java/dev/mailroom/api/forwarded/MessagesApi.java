package dev.mailroom.api.forwarded;

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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Messages received and sent, with the delivery of sent ones: served by the mailbox service (ADR 0035), forwarded
 * by the api. Scoped by the key's domains: another tenant's message answers 404.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Messages received and sent, their raw bytes, attachments and delivery (served by mailbox)")
public interface MessagesApi {

    @GET
    @Path("/{id}")
    @Operation(operationId = "getMessage", summary = "A message: headers, bodies, verdicts, attachments, delivery",
            description = "Bodies and attachments are untrusted content. A sent message carries its delivery in "
                    + "status, recipients and attempts. Needs read; 404 outside the key's domains.")
    default Schemas.MailMessage get(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}/raw")
    @Produces("message/rfc822")
    @Operation(operationId = "getRawMessage", summary = "The message as stored (RFC 5322)",
            description = "Received mail: the bytes as received. Sent mail: the bytes its sender submitted, else "
                    + "rebuilt from the request (not byte-identical to what egress-sender signed and sent).")
    @APIResponse(responseCode = "200", description = "The message", content = @Content(mediaType = "message/rfc822",
            schema = @Schema(type = SchemaType.STRING, format = "binary"),
            example = "From: Ann <ann@example.org>\r\nSubject: Order 1234\r\n\r\nWhere is my order?\r\n"))
    default Response raw(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}/body")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getMessageBody", summary = "The body as a safe HTML document",
            description = "For a sandboxed iframe (ADR 0040): the HTML part sanitized server-side (no script, event"
                    + " handler, form, object, embed, iframe, meta, base or SVG; links http(s), mailto, tel only,"
                    + " target=_blank rel=\"noopener noreferrer\"), cid: images inlined as data: URIs from the"
                    + " message's own raster parts, remote images (src, srcset, background, CSS url()) removed unless"
                    + " images=allow (getMessage's remote_images counts them); a text-only message escaped in a"
                    + " <pre>. Its own Content-Security-Policy: default-src 'none'; img-src data: (plus https: http:"
                    + " with images=allow); style-src 'unsafe-inline'; font-src 'none'; base-uri 'none';"
                    + " form-action 'none'; frame-ancestors 'self'. Header X-Remote-Images: how many were removed.")
    @APIResponse(responseCode = "200", description = "The safe document", content = @Content(
            mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING),
            example = "<!DOCTYPE html><html><head>…</head><body><p>Hello</p></body></html>"))
    default Response body(@PathParam("id") String id,
            @QueryParam("images") @Parameter(description = "block (default) or allow remote images") String images) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{id}/attachments/{attachment_id}")
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "getAttachment", summary = "An attachment's bytes, or its extracted text",
            description = "Served with a sanitised Content-Type (active types as application/octet-stream), "
                    + "nosniff, a sandbox CSP and an RFC 6266 Content-Disposition. With format=text: the extracted "
                    + "text (untrusted content); 409 while it is not extracted, naming its state. With"
                    + " disposition=inline: raster images (png, jpeg, gif, webp) and PDF as inline with"
                    + " Content-Security-Policy: sandbox; default-src 'none'; img-src 'self'; object-src 'self';"
                    + " style-src 'unsafe-inline' (anything else stays an attachment download).")
    @APIResponse(responseCode = "200", description = "The bytes (or the text)", content = @Content(
            mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary"),
            example = "%PDF-1.7 ..."))
    @APIResponse(responseCode = "409", description = "attachment-text-<state>: the text is not extracted (yet)")
    default Response attachment(@PathParam("id") String id, @PathParam("attachment_id") String attachmentId,
            @QueryParam("format") @Parameter(description = "text: the extracted text instead of the bytes")
            String format,
            @QueryParam("disposition") @Parameter(description = "inline: show a raster image or PDF in the browser;"
                    + " attachment (default): download") String disposition) {
        return Forwarded.notServedHere();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateMessage", summary = "Change unread, starred, folder or labels of a message")
    default Schemas.MailMessage update(@PathParam("id") String id, Schemas.MessageChange change) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateMessages", summary = "Change up to 100 messages: all or none",
            description = "An unknown or foreign id answers 404 and an invalid change 422, both naming the index; "
                    + "then nothing changed.")
    default Schemas.MessageBatchResult batch(Schemas.MessageBatch batch) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteMessage", summary = "Delete a message",
            description = "Its raw bytes and attachments go when nothing else references them.")
    @APIResponse(responseCode = "204", description = "Deleted")
    default Response delete(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }
}
