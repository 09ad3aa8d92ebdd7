package dev.mailroom.api.rest;

import java.util.ArrayList;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mailroom.api.service.Sends;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * Cloudflare Email Sending's REST API on Mailroom: {@code POST /client/v4/accounts/{account_id}/email/sending/send}
 * and {@code .../send_raw}, Cloudflare's request and answer shapes, so the official {@code cloudflare} SDKs send
 * through Mailroom with only their base URL ({@code http://<api>/client/v4}) and token (a Mailroom API key) changed.
 * {@code account_id} is accepted and ignored: the key decides what the caller may do.
 *
 * <p>The request becomes the one {@code POST /v1/send} makes ({@link CloudflareMapping}, then {@link SendMapping}'s
 * checks) and is accepted by {@link Sends}, as {@code /v1/send} is: permission {@code send}, the key's domains, the
 * sender policy, {@code 200} only once Kafka acknowledged, Idempotency-Key when the client sends one. Every recipient
 * is answered as {@code queued}: delivery happens later (egress-sender). Errors are Cloudflare's envelope with its
 * numeric codes ({@link CloudflareProblems}); failures before this resource (key, rate limit, unreadable JSON) are
 * translated by {@link CloudflareResponses}.
 */
@Path("/client/v4/accounts/{account_id}/email/sending")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cloudflare-compatible send", description = "Cloudflare Email Sending's REST API (for the official"
        + " cloudflare SDKs): set their base URL to http://<api>/client/v4 and their API token to a Mailroom API key")
public class CloudflareSendResource {

    private final Sends sends;
    private final CurrentCaller current;

    public CloudflareSendResource(Sends sends, CurrentCaller current) {
        this.sends = sends;
        this.current = current;
    }

    @POST
    @Path("/send")
    @Operation(operationId = "cloudflareSend", summary = "Send one message (Cloudflare's send)", description = "Cloudflare's body: from, to, cc, bcc"
            + " (a string, {address, name} or an array of either), reply_to, subject, text, html, headers (Cloudflare's"
            + " allowlist), attachments [{content, filename, type, disposition, content_id}]. 200 {success, errors,"
            + " messages, result: {delivered, permanent_bounces, queued, suppressed_recipients, message_id}} once"
            + " Kafka acknowledged: every recipient queued. Errors: Cloudflare's envelope, errors[].code 10001 (invalid"
            + " request, source.pointer names the field), 10101 (401), 10102 (403: the key may not), 10203 (403: the"
            + " sender's domain may not send), 10004 (429), 10002 (5xx).")
    @APIResponse(responseCode = "200", description = "Accepted once Kafka acknowledged: every recipient queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CloudflareEnvelope.SendAnswer.class)))
    public Uni<Response> send(
            @Parameter(description = "accepted and ignored: the API key decides") @PathParam("account_id") String accountId,
            CloudflareSendJson body,
            @Parameter(description = "makes retries safe (remembered 24 h)") @HeaderParam("Idempotency-Key") String idemKey) {
        Caller caller = current.get();
        List<Problem.FieldError> errors = new ArrayList<>();
        CloudflareMapping.Mapped mapped = CloudflareMapping.toSend(body, errors);
        if (mapped == null) {
            return Uni.createFrom().item(CloudflareResponses.invalid(errors));
        }
        return accept(caller, mapped, idemKey, Sends.hash("cloudflare-send", body), false);
    }

    @POST
    @Path("/send_raw")
    @Operation(operationId = "cloudflareSendRaw", summary = "Send a MIME message (Cloudflare's send_raw)", description = "Cloudflare's body: from (the"
            + " envelope sender), recipients (the envelope recipients), mime_message (the whole RFC 5322 message, sent"
            + " as it is; Date and Message-ID added when missing). Same answers and checks as send; a message Mailroom"
            + " cannot send as it is is 10202 naming /mime_message.")
    @APIResponse(responseCode = "200", description = "Accepted once Kafka acknowledged: every recipient queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CloudflareEnvelope.SendAnswer.class)))
    public Uni<Response> sendRaw(
            @Parameter(description = "accepted and ignored: the API key decides") @PathParam("account_id") String accountId,
            CloudflareSendJson.Raw body,
            @Parameter(description = "makes retries safe (remembered 24 h)") @HeaderParam("Idempotency-Key") String idemKey) {
        Caller caller = current.get();
        List<Problem.FieldError> errors = new ArrayList<>();
        CloudflareMapping.Mapped mapped = CloudflareMapping.toRaw(body, errors);
        if (mapped == null) {
            return Uni.createFrom().item(CloudflareResponses.invalid(errors));
        }
        return accept(caller, mapped, idemKey, Sends.hash("cloudflare-send-raw", body), true);
    }

    private Uni<Response> accept(Caller caller, CloudflareMapping.Mapped mapped, String idemKey, String bodyHash,
            boolean raw) {
        SendResource.checkKey(idemKey); // as /v1/send: 1 to 255 characters
        return sends.accept(caller, List.of(mapped.request()), idemKey, idemKey == null ? null : bodyHash)
                .map(accepted -> {
                    String minted = accepted.get(0).messageId();
                    String messageId = raw ? CloudflareMapping.rawMessageId(mapped.request(), minted)
                            : "<" + minted + ">";
                    return Response.ok(CloudflareEnvelope.ok(
                            CloudflareEnvelope.SendResult.queued(mapped.recipients(), messageId))).build();
                })
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException refused = (ApiException) e;
                    return CloudflareResponses.of(refused, mapped::pointerOf, errorOf(refused.problem(), caller,
                            mapped));
                });
    }

    /**
     * As {@link CloudflareProblems#errorOf}, and a {@code 403} naming {@code from} for a key that holds
     * {@code send} and covers the domain is the domain's refusal (Mailroom does not send for it): Cloudflare's
     * {@code sending_disabled}, not the key's {@code forbidden}.
     */
    private static CloudflareError errorOf(Problem problem, Caller caller, CloudflareMapping.Mapped mapped) {
        boolean namesFrom = problem.errors() != null
                && problem.errors().stream().anyMatch(f -> "from".equals(f.field()));
        if (problem.status() == 403 && namesFrom && caller.may(Permission.SEND)
                && caller.covers(mapped.request().from().domain())) {
            return CloudflareError.SENDING_DISABLED;
        }
        return CloudflareProblems.errorOf(problem);
    }
}
