package dev.mailroom.agent;

import java.util.List;

/**
 * An immutable snapshot, safe to share between threads. One thread of an instance: messages linked by In-Reply-To/References (or, for replies to mail the instance started,
 * by the signed reply token of its Message-ID), oldest first.
 *
 * @param id       the host's thread id, stable for the life of the thread
 * @param subject  the subject of its first message
 * @param messages the messages, oldest first
 */
public record Conversation(String id, String subject, List<HistoryMessage> messages) {

    public Conversation {
        messages = List.copyOf(messages);
    }

    /** The newest inbound message, or null. */
    public HistoryMessage lastInbound() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).direction() == HistoryMessage.Direction.IN) {
                return messages.get(i);
            }
        }
        return null;
    }
}
