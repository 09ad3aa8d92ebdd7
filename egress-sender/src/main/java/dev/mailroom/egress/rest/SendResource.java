package dev.mailroom.egress.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.ApiConfig;
import dev.mailroom.egress.delivery.MessageIds;
import dev.mailroom.egress.dkim.PublishedDkimKeys;
import dev.mailroom.egress.service.SendService;
import dev.mailroom.egress.service.Spooler;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/** {@code POST /v1/send} and {@code POST /v1/send/batch}: accepted mail answers {@code 202} with its ids. */
@Path("/v1/send")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SendResource {

    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final SendService sends;
    private final Spooler spooler;
    private final CurrentCaller current;
    private final ApiConfig config;
    private final PublishedDkimKeys domains;

    public SendResource(SendService sends, Spooler spooler, CurrentCaller current, ApiConfig config,
            PublishedDkimKeys domains) {
        this.sends = sends;
        this.spooler = spooler;
        this.current = current;
        this.config = config;
        this.domains = domains;
    }

    /**
     * Why a stored domain may not send (its record on mailroom.domains refuses it: DKIM not verified where required;
     * or a signing key does not open here), or null. Domains outside the store send as before.
     */
    private String domainGate(String domain) {
        return domains.domain(domain).filter(d -> !d.maySend()).map(d -> d.refusal() != null ? d.refusal()
                : domain + " cannot send: the private keys of " + String.join(", ", d.unusable()) + " cannot be"
                        + " decrypted (mailroom.deliverability.master-key is missing or not the api's key they were"
                        + " sealed with)").orElse(null);
    }

    @POST
    @Operation(summary = "Send one message", description = "202 with the send id and the Message-ID the message"
            + " goes out with; 422 problem+json naming each"
            + " invalid field; a retry with the same Idempotency-Key and body answers the same id.")
    public Uni<Response> send(SendJson body,
            @Parameter(description = "makes retries safe (remembered 24 h)") @HeaderParam("Idempotency-Key") String idemKey) {
        Caller caller = current.get();
        checkKey(idemKey);
        List<Problem.FieldError> errors = new ArrayList<>();
        OutboundRequest request = SendMapping.map(body, caller, spooler, this::domainGate, "", errors);
        if (request == null) {
            throw ApiException.invalid(errors);
        }
        return sends.accept(caller, List.of(request), idemKey, idemKey == null ? null : hash(body))
                .map(ids -> Response.accepted(Map.of("id", ids.get(0), "message_id",
                        messageIds(ids, List.of(request)).get(0), "status", "accepted")).build());
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Send up to mailroom.api.max-batch messages", description = "All or none: one invalid"
            + " message refuses the batch (fields prefixed with [index]). 202 with the ids in request order.")
    public Uni<Response> batch(List<SendJson> body, @HeaderParam("Idempotency-Key") String idemKey) {
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
            OutboundRequest r = SendMapping.map(body.get(i), caller, spooler, this::domainGate, "[" + i + "].",
                    errors);
            if (r != null) {
                requests.add(r);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return sends.accept(caller, requests, idemKey, idemKey == null ? null : hash(body))
                .map(ids -> Response.accepted(Map.of("ids", ids, "message_ids", messageIds(ids, requests),
                        "status", "accepted")).build());
    }

    /**
     * The Message-IDs (with angle brackets, as {@code GET /v1/messages/{id}} shows them) of the accepted
     * {@code ids}. {@link SendMapping} mints {@code <send id>@<from domain>}; an Idempotency-Key replay answers the
     * first request's ids, whose body (so whose from domain) was the same: the same Message-IDs.
     */
    private static List<String> messageIds(List<String> ids, List<OutboundRequest> requests) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add("<" + MessageIds.plain(ids.get(i), requests.get(i).from().domain()) + ">");
        }
        return out;
    }

    private static void checkKey(String idemKey) {
        if (idemKey != null && (idemKey.isBlank() || idemKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.invalid(List.of(new Problem.FieldError("Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters")));
        }
    }

    /**
     * SHA-256 of the request as understood (canonical JSON), so formatting differences are not conflicts. Only
     * computed with an Idempotency-Key (it serializes the whole body).
     */
    private static String hash(Object body) {
        try {
            byte[] canonical = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
