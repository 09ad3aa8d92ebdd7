package dev.mailroom.api.forwarded;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The public JSON of the operations other services serve (agent-host, egress-sender, mailbox), as the api's
 * document declares it (ADR 0030). The owners' views ({@code agenthost.rest.Views}, {@code AgentDefinitions},
 * egress's {@code SuppressionsResource}, mailbox's {@code MailboxReads}) answer these shapes;
 * {@code ForwardedContractTest} holds the two together.
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
            Instant decidedAt, @Schema(example = "k-2f9c") String decidedBy,
            @Schema(description = "why a person rejected it, when they said", example = "wrong order number")
            String decisionReason) {
    }

    @Schema(name = "DraftRejection", description = "Why the draft is rejected; optional.")
    public record DraftRejection(@Schema(description = "at most 1,000 characters", example = "wrong order number")
            String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "InstanceEvent", description = "Something an agent instance received, sent, held or scheduled.")
    public record InstanceEvent(@Schema(enumeration = { "received", "sent", "held", "draft-approved",
            "draft-rejected", "scheduled", "schedule-fired", "schedule-failed" }, example = "held") String type,
            @Schema(example = "2026-12-07T06:13:04Z") Instant at,
            @Schema(description = "the message (routed or send id), draft or schedule it is about", example = "d-5e7f")
            String id, @Schema(example = "t-3b9a") String threadId,
            @Schema(example = "Re: Order 1234") String subject,
            @Schema(description = "messages and drafts: the sender") Address from,
            @Schema(description = "messages and drafts: the recipients") List<Address> to,
            @Schema(description = "held: the send policy's reason; draft-rejected: the person's; schedule-failed:"
                    + " the error", example = "new-correspondent: first contact with ann@example.org") String reason,
            @Schema(description = "schedules: when it is (was) due", example = "2026-12-07T07:13:04Z") Instant dueAt) {
    }

    @Schema(name = "InstanceEventList")
    public record InstanceEventList(List<InstanceEvent> items) {
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

    // ---- mailbox: mailboxes, threads, messages (ADR 0035) ----

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Mailbox", description = "An address Mailroom serves, with its counts.")
    public record Mailbox(@Schema(example = "4f0c1e9a2b7d3c5e8a1f0b2c4d6e") String id,
            @Schema(example = "support+t1@example.org") String address, @Schema(example = "example.org") String domain,
            @Schema(example = "Support") String agentClass, @Schema(example = "t1") String agentInstance,
            @Schema(example = "12") long messages, @Schema(example = "3") long unread,
            @Schema(example = "1") long threadsNeedingReply) {
    }

    @Schema(name = "MailboxPage")
    public record MailboxPage(List<Mailbox> items, @JsonProperty("next_page_token") String nextPageToken) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AttachmentInfo", description = "An attachment's metadata; its text's extraction state.")
    public record AttachmentInfo(@Schema(example = "9c1d0e2f3a4b5c6d7e8f9a0b1c2d") String id,
            @Schema(example = "report.pdf") String filename,
            @Schema(example = "application/pdf") String contentType, @Schema(example = "48213") long size,
            @Schema(description = "SHA-256 of the bytes, hex; absent when the bytes were not kept",
                    example = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b") String sha256,
            String contentId, @Schema(example = "false") boolean inline,
            @Schema(enumeration = { "pending", "done", "unsupported", "failed", "skipped" }, example = "done")
            String textStatus) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageSummary", description = "A message as a thread lists it.")
    public record MessageSummary(@Schema(example = "0193a1b2c3d4e5f6a7b8c9d0e1f2.0") String id,
            @Schema(enumeration = { "inbound", "outbound" }, example = "inbound") String direction, Address from,
            List<Address> to, List<Address> cc, @Schema(example = "Order 1234") String subject,
            @Schema(example = "2026-12-07T06:13:04Z") Instant at,
            @Schema(example = "Where is my order? I ordered on Monday") String snippet,
            @Schema(example = "true") boolean unread, @Schema(example = "false") boolean starred,
            @Schema(example = "[\"billing\"]") List<String> labels,
            @Schema(enumeration = { "inbox", "archive", "trash", "spam", "sent" }, example = "inbox") String folder,
            @Schema(description = "outbound only", example = "delivered") String status,
            List<AttachmentInfo> attachments) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MailThread", description = "A conversation in one mailbox, its messages oldest first.")
    public record MailThread(@Schema(example = "5b2e8c1d0f3a4b6c7d8e9f0a1b2c") String id,
            @Schema(example = "4f0c1e9a2b7d3c5e8a1f0b2c4d6e") String mailboxId,
            @Schema(example = "support@example.org") String mailbox,
            @Schema(example = "Order 1234") String subject,
            @Schema(description = "Message-ID of the thread's root", example = "CAF1x@mail.example.org") String root,
            @Schema(example = "3") int messageCount, @Schema(example = "1") int unreadCount,
            @Schema(example = "true") boolean needsReply,
            @Schema(example = "2026-12-07T06:13:04Z") Instant lastMessageAt, List<MessageSummary> messages,
            @Schema(description = "the agent class owning the mailbox, absent for a plain mailbox", example = "Support")
            String agentClass, @Schema(example = "ticket-123") String agentInstance,
            @Schema(description = "an agent mailbox's pending drafts in this thread (agent-host's), oldest first")
            List<ThreadDraft> drafts,
            @Schema(description = "why the drafts could not be read (agent-host did not answer or refused); the"
                    + " thread shows without them", example = "agent-host did not answer")
            String draftsError) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ThreadDraft", description = "A draft held for approval, inline in its thread.")
    public record ThreadDraft(@Schema(example = "d-5e7f") String id, @Schema(example = "pending") String status,
            @Schema(example = "drafts-only: the class sends nothing without approval") String reason,
            @Schema(example = "Re: Order 1234") String subject,
            @Schema(example = "It left our warehouse today.") String text, String html,
            @Schema(example = "[\"ann@example.org\"]") List<String> to,
            @Schema(example = "CAF1x@mail.example.org") String inReplyTo,
            @Schema(example = "mr1.abc@agents.example.org") String messageId,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt) {
    }

    @Schema(name = "SpfVerdict")
    public record SpfVerdict(@Schema(example = "pass") String result, @Schema(example = "example.org") String domain,
            String detail) {
    }

    @Schema(name = "DkimVerdict")
    public record DkimVerdict(@Schema(example = "pass") String result, @Schema(example = "example.org") String domain,
            @Schema(example = "s1") String selector, @Schema(example = "rsa-sha256") String algorithm, String detail) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "DmarcVerdict")
    public record DmarcVerdict(@Schema(example = "pass") String result, @Schema(example = "example.org") String domain,
            @Schema(example = "reject") String policy, @Schema(example = "true") boolean spfAligned,
            @Schema(example = "true") boolean dkimAligned) {
    }

    @Schema(name = "Authentication", description = "SPF, DKIM and DMARC verdicts of an inbound message.")
    public record Authentication(SpfVerdict spf, List<DkimVerdict> dkim, DmarcVerdict dmarc,
            @Schema(example = "mx.example.net; spf=pass smtp.mailfrom=example.org") String header) {
    }

    @Schema(name = "MessageRoute", description = "How the router chose the mailbox of an inbound message.")
    public record MessageRoute(@Schema(enumeration = { "address", "reply-token" }, example = "address") String by,
            @Schema(description = "a valid signed reply token chose it", example = "false") boolean verified,
            @Schema(description = "why a token, if any, was not honoured") String detail,
            @Schema(description = "the mailbox's address", example = "support+t1@example.org") String address,
            @Schema(description = "the agent owning the mailbox; null for a plain address") MessageAgent agent) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageDelivery", description = "The delivery of a sent message: queued, then per recipient"
            + " its state and every attempt (time, outcome, the remote server's reply).")
    public record MessageDelivery(@Schema(example = "deferred") String status,
            @Schema(example = "2026-12-07T06:13:04Z") Instant queuedAt, List<MessageRecipient> recipients,
            List<DeliveryAttempt> attempts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageAgent")
    public record MessageAgent(@JsonProperty("class") @Schema(example = "Support") String className,
            @Schema(example = "t1") String instance) {
    }

    @Schema(name = "RawInfo")
    public record RawInfo(@Schema(example = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b") String sha256,
            @Schema(example = "5123") long size) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MailMessage", description = "A message received or sent: headers, bodies (untrusted content), "
            + "authentication, route, attachments; a sent one with its delivery (status, recipients, attempts).")
    public record MailMessage(@Schema(example = "0193a1b2c3d4e5f6a7b8c9d0e1f2.0") String id,
            @Schema(enumeration = { "inbound", "outbound" }, example = "outbound") String direction, Address from,
            List<Address> to, List<Address> cc, List<Address> bcc, List<Address> replyTo,
            @Schema(example = "Order 1234") String subject, @Schema(example = "2026-12-07T06:13:04Z") Instant at,
            @Schema(example = "2026-12-07T06:13:01Z") Instant date, @Schema(example = "Where is my order?") String snippet,
            @Schema(example = "true") boolean unread, @Schema(example = "false") boolean starred,
            @Schema(example = "[\"billing\"]") List<String> labels,
            @Schema(enumeration = { "inbox", "archive", "trash", "spam", "sent" }, example = "sent") String folder,
            @Schema(enumeration = { "queued", "sent", "delivered", "deferred", "partially-delivered", "bounced",
                    "suppressed", "failed" }, description = "outbound only", example = "delivered") String status,
            @Schema(example = "4f0c1e9a2b7d3c5e8a1f0b2c4d6e") String mailboxId,
            @Schema(example = "support@example.org") String mailbox,
            @Schema(example = "5b2e8c1d0f3a4b6c7d8e9f0a1b2c") String threadId,
            @Schema(description = "Message-ID without angle brackets", example = "CAF1x@mail.example.org")
            String messageId, List<String> inReplyTo, List<String> references,
            @Schema(example = "Where is my order?") String text, String html, String autoReply,
            Authentication authentication, MessageRoute route, MessageAgent agent, RawInfo raw,
            List<AttachmentInfo> attachments, List<MessageRecipient> recipients, List<DeliveryAttempt> attempts,
            @Schema(description = "remote images getMessageBody blocks (show a Show images button)", example = "2")
            int remoteImages,
            @Schema(description = "outbound only: the same delivery as one object for a timeline")
            MessageDelivery delivery) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MessageChange", description = "Flags, folder and labels to change; absent fields stay. labels "
            + "replaces the labels; add_labels/remove_labels edit them (not with labels).")
    public record MessageChange(@Schema(example = "false") Boolean unread, @Schema(example = "true") Boolean starred,
            @Schema(enumeration = { "inbox", "archive", "trash", "spam", "sent" }, example = "archive") String folder,
            @Schema(example = "[\"billing\", \"vip\"]") List<String> labels,
            @Schema(example = "[\"urgent\"]") List<String> addLabels,
            @Schema(example = "[\"vip\"]") List<String> removeLabels) {
    }

    @Schema(name = "MessageBatch", description = "Up to 100 message ids and one change, applied to all or none.")
    public record MessageBatch(@Schema(example = "[\"0193a1b2c3d4e5f6a7b8c9d0e1f2.0\"]") List<String> ids,
            MessageChange patch) {
    }

    @Schema(name = "MessageBatchResult")
    public record MessageBatchResult(@Schema(example = "2") int updated) {
    }
}
