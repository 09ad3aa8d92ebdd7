package dev.mailroom.api.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope of every Cloudflare API v4 answer: {@code {success, errors, messages, result}}. The SDKs read
 * {@code result} on success and {@code errors[].code} on failure; {@code result} is {@code null} then.
 *
 * @param success  whether the request succeeded
 * @param errors   why it failed: Cloudflare's numeric code, its machine-readable message, and the offending field as
 *                 a JSON Pointer in {@code source.pointer} when one is to blame
 * @param messages informational entries; on failure, Mailroom's readable reason for each error (same code and
 *                 pointer), since {@code errors[].message} keeps Cloudflare's fixed text
 * @param result   the answer, or null on failure
 */
public record CloudflareEnvelope<T>(boolean success, List<Item> errors, List<Item> messages, T result) {

    /** A success: no errors, no messages. */
    public static <T> CloudflareEnvelope<T> ok(T result) {
        return new CloudflareEnvelope<>(true, List.of(), List.of(), result);
    }

    /** A failure: {@code result} is null. */
    public static CloudflareEnvelope<Object> failure(List<Item> errors, List<Item> messages) {
        return new CloudflareEnvelope<>(false, List.copyOf(errors), List.copyOf(messages), null);
    }

    /** One entry of {@code errors} or {@code messages} (Cloudflare's {@code ErrorData}/{@code ResponseInfo}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CloudflareMessage", description = "Cloudflare's numeric code, its message, and the field to blame")
    public record Item(@Schema(example = "10001") Integer code,
            @Schema(example = "email.sending.error.invalid_request_schema") String message, Source source) {
    }

    /** Where in the request body the problem is: a JSON Pointer (RFC 6901), e.g. {@code /to/1}. */
    @Schema(name = "CloudflareSource")
    public record Source(@Schema(description = "JSON Pointer (RFC 6901) into the request body", example = "/to/1")
            String pointer) {
    }

    /**
     * The success answer of {@code send} and {@code send_raw} as the OpenAPI document shows it (the resource answers
     * {@code CloudflareEnvelope<SendResult>}, the same JSON).
     */
    @Schema(name = "CloudflareSendAnswer", description = "Cloudflare's envelope around the send result")
    public record SendAnswer(@Schema(example = "true") boolean success,
            @Schema(example = "[]") List<Item> errors, @Schema(example = "[]") List<Item> messages,
            SendResult result) {
    }

    /**
     * The {@code result} of {@code send} and {@code send_raw}. Mailroom answers once the message is durably queued
     * (in Kafka), before any delivery attempt: every envelope recipient is in {@code queued}; {@code delivered},
     * {@code permanent_bounces} and {@code suppressed_recipients} are empty (egress-sender decides those later; see
     * {@code GET /v1/messages/{id}}).
     *
     * @param messageId the Message-ID the message goes out with, with angle brackets (as {@code /v1/send} answers)
     */
    @Schema(name = "CloudflareSendResult")
    public record SendResult(@Schema(example = "[]") List<String> delivered,
            @Schema(example = "[]") @JsonProperty("permanent_bounces") List<String> permanentBounces,
            @Schema(example = "[\"bob@example.net\"]") List<String> queued,
            @Schema(example = "[]") @JsonProperty("suppressed_recipients") List<String> suppressedRecipients,
            @Schema(example = "<mr1.7f3a9c@mail.example.org>") @JsonProperty("message_id") String messageId) {

        /** Everything accepted, nothing delivered yet. */
        public static SendResult queued(List<String> recipients, String messageId) {
            return new SendResult(List.of(), List.of(), List.copyOf(recipients), List.of(), messageId);
        }
    }
}
