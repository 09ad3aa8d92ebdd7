package dev.mailroom.api.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.api.config.SendConfig;
import dev.mailroom.api.service.Sends;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/send} and {@code POST /v1/send/batch}: validated here ({@link SendMapping}, 422 naming each field),
 * accepted by {@link Sends} ({@code 202} once Kafka acknowledged).
 */
@Path("/v1/send")
@Tag(name = "send", description = "Sending mail: one message or a batch, accepted once durable in Kafka")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SendResource {

    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final String IDEMPOTENCY_CONFLICT = "idempotency-key-reused: the Idempotency-Key came with"
            + " another body; idempotency-key-in-progress: its first request is still being accepted";

    /** The answer of {@code POST /v1/send}: the send id and the Message-ID, with angle brackets. */
    @Schema(name = "SendAccepted", description = "The send id and the Message-ID the message goes out with")
    public record Accepted(@Schema(example = "0193a1b2c3d4e5f6a7b8c9d0e1f2") String id,
            @Schema(example = "<0193a1b2c3d4e5f6a7b8c9d0e1f2@mail.example.org>") @JsonProperty("message_id")
            String messageId) {
    }

    /** The answer of {@code POST /v1/send/batch}: ids and Message-IDs in request order. */
    @Schema(name = "BatchAccepted", description = "Send ids and Message-IDs, in request order")
    public record BatchAccepted(@Schema(example = "[\"0193a1b2c3d4e5f6a7b8c9d0e1f2\"]") List<String> ids,
            @Schema(example = "[\"<0193a1b2c3d4e5f6a7b8c9d0e1f2@mail.example.org>\"]") @JsonProperty("message_ids")
            List<String> messageIds) {
    }

    private final Sends sends;
    private final CurrentCaller current;
    private final SendConfig config;

    public SendResource(Sends sends, CurrentCaller current, SendConfig config) {
        this.sends = sends;
        this.current = current;
        this.config = config;
    }

    @POST
    @Operation(operationId = "sendEmail", summary = "Send one message", description = "202 {id, message_id} once the request is durable in"
            + " Kafka: the send id and the Message-ID the message goes out with. 422 problem+json naming each invalid"
            + " field; 403 naming from when the key may not send from that domain or Mailroom does not serve it;"
            + " 503 kafka-unavailable (Retry-After) when Kafka did not acknowledge in time: nothing was accepted."
            + " A retry with the same Idempotency-Key and body answers the same ids; another body is 409"
            + " idempotency-key-reused.")
    @APIResponse(responseCode = "202", description = "Accepted: durable in Kafka", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "409", description = IDEMPOTENCY_CONFLICT)
    public Uni<Response> send(SendJson body,
            @Parameter(description = "makes retries safe (remembered 24 h)") @HeaderParam("Idempotency-Key") String idemKey) {
        Caller caller = current.get();
        checkKey(idemKey);
        List<Problem.FieldError> errors = new ArrayList<>();
        OutboundRequest request = SendMapping.map(body, "", errors);
        if (request == null) {
            throw ApiException.invalid(errors);
        }
        return sends.accept(caller, List.of(request), idemKey, idemKey == null ? null : Sends.hash("send", body))
                .map(accepted -> Response.accepted(new Accepted(accepted.get(0).id(),
                        "<" + accepted.get(0).messageId() + ">")).build());
    }

    @POST
    @Path("/batch")
    @Operation(operationId = "sendEmailBatch", summary = "Send up to mailroom.send.max-batch messages", description = "All or none: one invalid or"
            + " refused message refuses the batch (fields prefixed with [index]). 202 {ids, message_ids} in request"
            + " order once Kafka acknowledged every message.")
    @APIResponse(responseCode = "202", description = "Accepted: every message durable in Kafka", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchAccepted.class)))
    @APIResponse(responseCode = "409", description = IDEMPOTENCY_CONFLICT)
    public Uni<Response> batch(List<SendJson> body,
            @Parameter(description = "makes retries safe (remembered 24 h)") @HeaderParam("Idempotency-Key") String idemKey) {
        Caller caller = current.get();
        checkKey(idemKey);
        if (body == null || body.isEmpty()) {
            throw ApiException.invalid(List.of(new Problem.FieldError("", "a non-empty array of messages is required")));
        }
        if (body.size() > config.maxBatch()) {
            throw ApiException.invalid(List.of(new Problem.FieldError("",
                    "at most " + config.maxBatch() + " messages per batch, got " + body.size())));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<OutboundRequest> requests = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            OutboundRequest r = SendMapping.map(body.get(i), "[" + i + "].", errors);
            if (r != null) {
                requests.add(r);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return sends.acceptBatch(caller, requests, idemKey, idemKey == null ? null : Sends.hash("batch", body))
                .map(accepted -> Response.accepted(new BatchAccepted(
                        accepted.stream().map(Sends.Accepted::id).toList(),
                        accepted.stream().map(a -> "<" + a.messageId() + ">").toList())).build());
    }

    static void checkKey(String idemKey) {
        if (idemKey != null && (idemKey.isBlank() || idemKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.invalid(List.of(new Problem.FieldError("Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters")));
        }
    }
}
