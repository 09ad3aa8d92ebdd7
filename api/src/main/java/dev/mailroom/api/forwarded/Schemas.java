package dev.mailroom.api.forwarded;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The public JSON of the operations other services serve (agent-host, egress-sender, mailbox), as the api's document declares
 * it (ADR 0030). The owners' views ({@code agenthost.rest.Views}, {@code AgentDefinitions}, egress's
 * {@code MessagesResource}, {@code SuppressionsResource}) answer these shapes; {@code ForwardedContractTest} holds
 * the two together.
 */
public final class Schemas {

    private Schemas() {
    }

    @Schema(name = "Address", description = "A mailbox: display name (may be absent) and address.")
    public record Address(@Schema(example = "Ann Lee") String name,
            @Schema(example = "ann@example.org") String address) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AgentClass", description = "An agent class, with its count of stored instances.")
    public record AgentClass(@JsonProperty("class") @Schema(example = "Support") String className,
            @Schema(description = "served by this deployment") boolean registered,
            @Schema(example = "12") long instances,
            @Schema(example = "autonomous", enumeration = { "autonomous", "approved-recipients", "drafts-only" })
            String sendPolicy,
            @Schema(example = "java", enumeration = { "java", "webhook" }) String kind,
            @Schema(example = "[\"support\"]") List<String> addresses) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AgentInstance", description = "An instance of an agent class; state only when read alone.")
    public record AgentInstance(@JsonProperty("class") @Schema(example = "Support") String className,
            @Schema(example = "ticket-123") String instance,
            @Schema(example = "Support/ticket-123") String key,
            @Schema(example = "support+ticket-123@agents.example.org") String address,
            @Schema(description = "the instance's durable state (the agent's JSON)", example = "{\"count\":2}")
            Map<String, Object> state,
            @Schema(example = "2026-12-07T06:13:04.123456Z") Instant createdAt,
            @Schema(example = "2026-12-07T06:20:00Z") Instant updatedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "HistoryMessage", description = "One message of an instance's history.")
    public record HistoryMessage(@Schema(example = "r-8f1c2d") String id,
            @Schema(example = "t-3b9a") String threadId,
            @Schema(enumeration = { "in", "out" }, example = "in") String direction,
            @Schema(description = "Message-ID without angle brackets", example = "CAF1x@mail.example.org")
            String messageId,
            Address from, List<Address> to, List<Address> replyTo,
            @Schema(example = "Order 1234") String subject,
            @Schema(example = "Where is my order?") String text, String html,
            @Schema(example = "mr1.abc@agents.example.org") String inReplyTo, List<String> references,
            @Schema(example = "2026-12-07T06:13:04Z") Instant at) {
    }

    @Schema(name = "Thread", description = "A thread of an instance, messages oldest first.")
    public record Thread(@Schema(example = "t-3b9a") String id, @Schema(example = "Order 1234") String subject,
            List<HistoryMessage> messages) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WaitedMessage", description = "A message of the wait API with its history sequence number.")
    public record WaitedMessage(@Schema(example = "4711") long seq,
            @Schema(example = "Support/ticket-123") String agent, HistoryMessage message) {
    }

    @Schema(name = "WaitPage", description = "The messages after a cursor, and the cursor to wait after next.")
    public record WaitPage(List<WaitedMessage> messages, @Schema(example = "4711") long cursor) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "DraftAttachment")
    public record DraftAttachment(@Schema(example = "report.pdf") String filename,
            @Schema(example = "application/pdf") String contentType, String contentId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "DraftMessage", description = "The message a draft holds, as it would be sent.")
    public record DraftMessage(Address from, List<Address> to, List<Address> cc, List<Address> bcc,
            List<Address> replyTo, @Schema(example = "Re: Order 1234") String subject,
            @Schema(example = "It left our warehouse today.") String text, String html, String inReplyTo,
            List<String> references, List<DraftAttachment> attachments,
            @Schema(example = "mr1.abc@agents.example.org") String messageId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Draft", description = "A message an agent holds for a person to approve.")
    public record Draft(@Schema(example = "d-5e7f") String id, @Schema(example = "Support/ticket-123") String agent,
            @Schema(example = "t-3b9a") String threadId,
            @Schema(example = "agent-draft") String reason,
            @Schema(enumeration = { "pending", "approved", "rejected" }, example = "pending") String status,
            DraftMessage request, @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt,
            Instant decidedAt, @Schema(example = "k-2f9c") String decidedBy) {
    }

    @Schema(name = "DraftApproval", description = "Edits made while approving; every field optional.")
    public record DraftApproval(@Schema(example = "Re: Order 1234") String subject,
            @Schema(example = "It left our warehouse today.") String text, String html,
            @Schema(example = "[\"ann@example.org\"]") List<String> to) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Schedule", description = "A wake-up an agent asked for.")
    public record Schedule(@Schema(example = "s-77aa") String id, @Schema(example = "Support/ticket-123") String agent,
            @Schema(example = "t-3b9a") String threadId,
            @Schema(example = "2026-12-07T07:13:04Z") Instant dueAt,
            @Schema(enumeration = { "pending", "fired", "failed" }, example = "pending") String status,
            @Schema(example = "0") int attempts, String lastError,
            @Schema(description = "the agent's JSON", example = "{\"follow_up\":true}") Map<String, Object> payload,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt, Instant firedAt) {
    }

    @Schema(name = "AgentWebhook", description = "Where a webhook class is served: URL, secret (write only), timeout.")
    public record AgentWebhook(@Schema(example = "https://hooks.example.org/triage") String url,
            @Schema(description = "HMAC secret, at least 16 characters; never shown", example = "0123456789abcdef")
            String secret,
            @Schema(example = "10s") String timeout) {
    }

    @Schema(name = "AgentDefinition", description = "A webhook agent class to create or change.")
    public record AgentDefinition(@Schema(example = "Triage") String name,
            @Schema(example = "triage") String address, List<String> addresses, AgentWebhook webhook) {
    }

    @Schema(name = "AgentWebhookView")
    public record AgentWebhookView(@Schema(example = "https://hooks.example.org/triage") String url,
            @Schema(example = "10s") String timeout) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Agent", description = "An agent class's definition (never the webhook's secret).")
    public record Agent(@Schema(example = "Triage") String name,
            @Schema(enumeration = { "java", "webhook" }, example = "webhook") String kind,
            @Schema(enumeration = { "code", "configuration", "api" }, example = "api") String source,
            @Schema(example = "[\"triage\"]") List<String> addresses, AgentWebhookView webhook,
            @Schema(example = "autonomous") String sendPolicy) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageRecipient")
    public record MessageRecipient(@Schema(example = "ann@example.org") String address,
            @Schema(example = "delivered") String status, @Schema(example = "1") int attempts,
            Instant nextAttemptAt, @Schema(example = "250 2.0.0 OK") String lastReply) {
    }

    @Schema(name = "DeliveryAttempt")
    public record DeliveryAttempt(@Schema(example = "ann@example.org") String recipient,
            @Schema(example = "2026-12-07T06:13:05Z") Instant at, @Schema(example = "mx.example.org") String host,
            @Schema(example = "delivered") String outcome, @Schema(example = "250 2.0.0 OK") String reply) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageStatus", description = "A sent message: status, recipients and every delivery attempt.")
    public record MessageStatus(@Schema(example = "m-01HZX") String id,
            @Schema(enumeration = { "queued", "sent", "delivered", "deferred", "bounced", "suppressed", "failed" },
                    example = "delivered") String status,
            @Schema(example = "app@agents.example.org") String from, @Schema(example = "hi") String subject,
            @Schema(example = "m-01HZX@agents.example.org") String messageId, List<String> tags, String failure,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt,
            @Schema(example = "2026-12-07T06:13:05Z") Instant updatedAt,
            List<MessageRecipient> recipients, List<DeliveryAttempt> attempts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Suppression", description = "A recipient Mailroom no longer sends to.")
    public record Suppression(@Schema(example = "gone@example.org") String address,
            @Schema(enumeration = { "hard-bounce", "manual" }, example = "hard-bounce") String reason,
            @Schema(example = "550 5.1.1 user unknown") String detail,
            @Schema(example = "m-01HZX") String messageId,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "OutgoingFile", description = "A file to attach: base64 content; with content_id an inline part.")
    public record OutgoingFile(@Schema(example = "report.pdf") String filename,
            @Schema(example = "application/pdf") String contentType,
            @Schema(example = "JVBERi0xLjQK") String content, String contentId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Reply", description = "A reply, reply-all or forward: the new text; recipients (a forward's to is"
            + " required; for a reply they are added); files. Addresses as \"ann@example.org\" or"
            + " \"Ann <ann@example.org>\".")
    public record Reply(@Schema(example = "It left our warehouse today.") String text, String html,
            @Schema(example = "[\"dave@example.org\"]") List<String> to, List<String> cc, List<String> bcc,
            List<OutgoingFile> attachments,
            @Schema(description = "forward only: attach the message's attachments (default true)", example = "true")
            Boolean includeAttachments) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ReplyAccepted", description = "The send id; queued, or held for approval as draft draft_id"
            + " (agent mailboxes); the Message-ID it goes out with.")
    public record ReplyAccepted(@Schema(example = "01a25109a1b2c3d4e5f6a7b8c9d0") String id,
            @Schema(enumeration = { "queued", "held" }, example = "queued") String status,
            @Schema(example = "01a25109a1b2c3d4e5f6a7b8c9d0") String draftId,
            @Schema(example = "01a25109a1b2c3d4e5f6a7b8c9d0@example.org") String messageId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "InstanceSend", description = "A message sent as an agent instance, from one of its addresses,"
            + " through its class's send policy.")
    public record InstanceSend(@Schema(example = "support+ticket-123@agents.example.org") String from,
            @Schema(example = "[\"Ann <ann@example.org>\"]") List<String> to, List<String> cc, List<String> bcc,
            @Schema(example = "Re: Order 1234") String subject,
            @Schema(example = "It left our warehouse today.") String text, String html,
            List<OutgoingFile> attachments, @Schema(example = "01a25076f6e8@example.org") String inReplyTo,
            List<String> references) {
    }

    /** The page shapes, one per list (OpenAPI has no generics): {@code items} and {@code next_page_token}. */
    @Schema(name = "AgentClassPage")
    public record AgentClassPage(List<AgentClass> items, @JsonProperty("next_page_token") String nextPageToken) {
    }

    @Schema(name = "AgentInstancePage")
    public record AgentInstancePage(List<AgentInstance> items,
            @JsonProperty("next_page_token") String nextPageToken) {
    }

    @Schema(name = "ThreadPage")
    public record ThreadPage(List<Thread> items, @JsonProperty("next_page_token") String nextPageToken) {
    }

    @Schema(name = "DraftPage")
    public record DraftPage(List<Draft> items, @JsonProperty("next_page_token") String nextPageToken) {
    }

    @Schema(name = "SchedulePage")
    public record SchedulePage(List<Schedule> items, @JsonProperty("next_page_token") String nextPageToken) {
    }

    @Schema(name = "SuppressionPage")
    public record SuppressionPage(List<Suppression> items, @JsonProperty("next_page_token") String nextPageToken) {
    }
}
