package dev.mailroom.mailbox.model;

import java.time.Instant;
import java.util.List;

/**
 * One message row as ingest writes it (table {@code message}); JSON columns already encoded (snake_case).
 *
 * @param direction {@code inbound} or {@code outbound}
 * @param status    outbound only: the delivery status ({@code queued} until events say otherwise)
 */
public record NewMessage(String id, String mailboxId, String threadId, String domain, String direction,
        String inboundId, String headerMessageId, List<String> inReplyTo, List<String> refs, String fromAddress,
        String fromName, String toJson, String ccJson, String bccJson, String replyToJson, String subject,
        Instant dateHeader, Instant at, String text, String html, String snippet, String autoReply,
        String authenticationJson, String routeJson, String agentClass, String agentInstance, String rawSha256,
        Long rawSize, String status, boolean unread, String folder) {
}
