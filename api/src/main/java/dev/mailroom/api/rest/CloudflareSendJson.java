package dev.mailroom.api.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of Cloudflare's {@code POST /accounts/{account_id}/email/sending/send}, as the official SDKs send it.
 * Addresses are a string, an {@code {address, name}} object, or (for {@code to}, {@code cc}, {@code bcc}) an array of
 * either: they stay JSON here and {@link CloudflareMapping} reads them, naming the exact element that is wrong.
 * Unknown fields are refused, as everywhere in Mailroom's API.
 *
 * @param from        sender, required
 * @param to          recipients; optional when cc or bcc has one
 * @param cc          carbon copies
 * @param bcc         blind copies
 * @param replyTo     one Reply-To address
 * @param subject     required
 * @param text        plain text body; at least one of text and html, non-empty
 * @param html        HTML body
 * @param headers     custom headers, checked against Cloudflare's allowlist ({@link CloudflareHeaders})
 * @param attachments files and inline images
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(name = "CloudflareSend", description = "Cloudflare's send body: from and subject required, to, cc or bcc"
        + " with one recipient, text or html. Addresses: a string or an {address, name}"
        + " object; to, cc and bcc also an array of either.")
public record CloudflareSendJson(
        @Schema(ref = CloudflareSendJson.ADDRESS) JsonNode from,
        @Schema(ref = CloudflareSendJson.ADDRESSES) JsonNode to,
        @Schema(ref = CloudflareSendJson.ADDRESSES) JsonNode cc,
        @Schema(ref = CloudflareSendJson.ADDRESSES) JsonNode bcc,
        @Schema(ref = CloudflareSendJson.ADDRESS) @JsonProperty("reply_to") JsonNode replyTo,
        @Schema(required = true, example = "Your order shipped") String subject,
        @Schema(example = "It left our warehouse today.") String text, String html,
        Map<String, String> headers, List<Attachment> attachments) {

    /**
     * The document's schema of one address ({@code openapi/CloudflareDocument} defines it): a string or an
     * {@code {address, name}} object. The field stays JSON here so {@link CloudflareMapping} names the wrong element.
     */
    public static final String ADDRESS = "#/components/schemas/CloudflareAddress";
    /** One address or an array of them. */
    public static final String ADDRESSES = "#/components/schemas/CloudflareAddresses";

    /**
     * A file: {@code content} base64, {@code type} its MIME type, {@code disposition} {@code attachment} or
     * {@code inline} (then {@code content_id} names it for {@code cid:} in the HTML).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "CloudflareAttachment")
    public record Attachment(@Schema(description = "base64", example = "JVBERi0xLjQK") String content,
            @Schema(example = "invoice.pdf") String filename, @Schema(example = "application/pdf") String type,
            @Schema(enumeration = { "attachment", "inline" }, example = "attachment") String disposition,
            @JsonProperty("content_id") String contentId) {
    }

    /**
     * The body of {@code POST /accounts/{account_id}/email/sending/send_raw}: the envelope ({@code from},
     * {@code recipients}) and the whole RFC 5322 message, whose header fields are what the reader sees.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "CloudflareSendRaw")
    public record Raw(@Schema(description = "the envelope sender", example = "ann@example.org") String from,
            @Schema(description = "the envelope recipients", example = "[\"bob@example.net\"]") List<String> recipients,
            @Schema(description = "the whole RFC 5322 message", example = "From: Ann <ann@example.org>\r\nTo:"
                    + " bob@example.net\r\nSubject: Hello\r\n\r\nHi Bob\r\n")
            @JsonProperty("mime_message") String mimeMessage) {
    }
}
