package dev.mailroom.mailbox.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.mailbox.service.Replies;
import dev.mailroom.mailbox.service.ReplyMessages.Kind;
import dev.mailroom.platform.auth.BearerToken;
import dev.mailroom.platform.auth.CurrentCaller;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/messages/{id}/reply}, {@code /reply-all} and {@code /forward}: answer a message from its mailbox,
 * threading headers built here ({@link Replies}). {@code 202 {id, status, message_id}} (and {@code draft_id} when an
 * agent class's send policy held it for approval).
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class ReplyResource {

    /** The body of the three operations (snake_case; unknown fields refused). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ReplyJson(String text, String html,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> to,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cc,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> bcc,
            List<FileJson> attachments, Boolean includeAttachments) {
    }

    /** A file: base64 {@code content}; with {@code content_id} an inline part. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record FileJson(String filename, String contentType, String content, String contentId) {
    }

    private final Replies replies;
    private final CurrentCaller current;

    ReplyResource(Replies replies, CurrentCaller current) {
        this.replies = replies;
        this.current = current;
    }

    @POST
    @Path("/{id}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply", description = "To the Reply-To (else the From) of the message, from its mailbox.")
    public Uni<Response> reply(@PathParam("id") String id, ReplyJson body,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String key) {
        return answer(Kind.REPLY, id, body, authorization, key);
    }

    @POST
    @Path("/{id}/reply-all")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply to all", description = "Also to the message's To and Cc, without the mailbox itself.")
    public Uni<Response> replyAll(@PathParam("id") String id, ReplyJson body,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String key) {
        return answer(Kind.REPLY_ALL, id, body, authorization, key);
    }

    @POST
    @Path("/{id}/forward")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forward", description = "To the given recipients, quoting the message, with its attachments"
            + " unless include_attachments is false.")
    public Uni<Response> forward(@PathParam("id") String id, ReplyJson body,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String key) {
        return answer(Kind.FORWARD, id, body, authorization, key);
    }

    private Uni<Response> answer(Kind kind, String id, ReplyJson body, String authorization, String key) {
        Replies.Request request = body == null ? null : new Replies.Request(body.text(), body.html(), body.to(),
                body.cc(), body.bcc(), body.attachments() == null ? null : body.attachments().stream()
                        .map(f -> f == null ? null
                                : new Replies.File(f.filename(), f.contentType(), f.content(), f.contentId()))
                        .toList(), body.includeAttachments());
        String idempotencyKey = key == null || key.isBlank() ? null : key.strip();
        return replies.answer(kind, id, request, current.get(), BearerToken.of(authorization), idempotencyKey)
                .map(a -> Response.status(a.status()).type(a.contentType() == null ? MediaType.APPLICATION_JSON
                        : a.contentType()).entity(a.body()).build());
    }
}
