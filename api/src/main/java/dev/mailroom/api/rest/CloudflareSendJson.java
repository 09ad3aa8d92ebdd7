package dev.mailroom.api.rest;

import java.util.List;
import java.util.Map;

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
public record CloudflareSendJson(JsonNode from, JsonNode to, JsonNode cc, JsonNode bcc,
        @JsonProperty("reply_to") JsonNode replyTo, String subject, String text, String html,
        Map<String, String> headers, List<Attachment> attachments) {

    /**
     * A file: {@code content} base64, {@code type} its MIME type, {@code disposition} {@code attachment} or
     * {@code inline} (then {@code content_id} names it for {@code cid:} in the HTML).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Attachment(String content, String filename, String type, String disposition,
            @JsonProperty("content_id") String contentId) {
    }

    /**
     * The body of {@code POST /accounts/{account_id}/email/sending/send_raw}: the envelope ({@code from},
     * {@code recipients}) and the whole RFC 5322 message, whose header fields are what the reader sees.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Raw(String from, List<String> recipients, @JsonProperty("mime_message") String mimeMessage) {
    }
}
