package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.agenthost.agent.Conversation;
import dev.mailroom.agenthost.agent.History;
import dev.mailroom.agenthost.agent.HistoryMessage;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.model.AgentMessage;
import dev.mailroom.agenthost.model.AgentThread;
import dev.mailroom.agenthost.repository.AgentMessageRepository;
import dev.mailroom.agenthost.repository.AgentThreadRepository;
import dev.mailroom.agenthost.repository.CorrespondentRepository;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import io.smallrye.mutiny.Uni;

/**
 * The history of instances: records inbound and outbound messages in their threads (always inside the transaction
 * of the call's other effects) and reads it back as {@link History}.
 */
@ApplicationScoped
public class HistoryStore {

    private static final TypeReference<List<EmailAddress>> ADDRESSES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final AgentMessageRepository messages;
    private final AgentThreadRepository threads;
    private final CorrespondentRepository correspondents;
    private final AgentHostConfig config;

    public HistoryStore(AgentMessageRepository messages, AgentThreadRepository threads,
            CorrespondentRepository correspondents, AgentHostConfig config) {
        this.messages = messages;
        this.threads = threads;
        this.correspondents = correspondents;
        this.config = config;
    }

    /** Records an inbound message in thread {@code threadId}; its From becomes a known correspondent. */
    public Uni<Void> recordInbound(RoutedEmail routed, String threadId, Instant now) {
        AgentMessage m = new AgentMessage();
        m.id = routed.id();
        m.agentKey = routed.agent().key();
        m.threadId = threadId;
        m.direction = HistoryMessage.Direction.IN;
        m.messageId = routed.message().messageId();
        m.sender = routed.message().from() == null ? null : write(routed.message().from());
        m.recipients = write(List.of(EmailAddress.of(routed.recipient())));
        m.replyTo = write(routed.replyRecipients());
        m.subject = routed.message().subject();
        m.text = routed.message().text();
        m.html = routed.message().html();
        m.inReplyTo = routed.message().inReplyTo().isEmpty() ? null : routed.message().inReplyTo().get(0);
        m.refs = write(routed.message().references());
        m.at = routed.receivedAt() != null ? routed.receivedAt() : now;
        List<String> from = routed.message().from() == null ? List.of() : List.of(lower(routed.message().from()));
        return save(m, from, now);
    }

    /** Records a message leaving through the outbox in thread {@code threadId}; its recipients become known. */
    public Uni<Void> recordOutbound(OutboundRequest request, String threadId, Instant now) {
        AgentMessage m = new AgentMessage();
        m.id = request.id();
        m.agentKey = request.agent().key();
        m.threadId = threadId;
        m.direction = HistoryMessage.Direction.OUT;
        m.sender = write(request.from());
        m.recipients = write(request.allRecipients());
        m.replyTo = write(List.of());
        m.subject = request.subject();
        m.text = request.text();
        m.html = request.html();
        m.inReplyTo = request.inReplyTo();
        m.refs = write(request.references());
        m.at = request.requestedAt() != null ? request.requestedAt() : now;
        return save(m, request.allRecipients().stream().map(HistoryStore::lower).toList(), now);
    }

    /** Saves {@code m} in its thread (touched) and remembers {@code correspondents} (lower case). */
    private Uni<Void> save(AgentMessage m, List<String> addresses, Instant now) {
        return touch(m.threadId, now).chain(() -> messages.persistAndFlush(m))
                .chain(() -> correspondents.remember(m.agentKey, addresses, now));
    }

    /** Creates thread {@code id} (with {@code subject}) if it does not exist. */
    public Uni<Void> ensureThread(String id, String agentKey, String subject, Instant now) {
        return threads.findById(id).chain(found -> {
            if (found != null) {
                return Uni.createFrom().voidItem();
            }
            AgentThread t = new AgentThread();
            t.id = id;
            t.agentKey = agentKey;
            t.subject = subject == null ? "" : subject;
            t.createdAt = now;
            t.updatedAt = now;
            return threads.persistAndFlush(t).replaceWithVoid();
        });
    }

    private Uni<Void> touch(String threadId, Instant now) {
        return threads.findById(threadId).invoke(t -> {
            if (t != null) {
                t.updatedAt = now;
            }
        }).replaceWithVoid();
    }

    /** The newest {@code mailroom.agent.history-limit} messages of {@code agentKey}, grouped in threads. */
    public Uni<History> load(String agentKey) {
        return messages.newest(agentKey, config.agent().historyLimit()).map(newestFirst -> {
            Map<String, List<HistoryMessage>> byThread = new LinkedHashMap<>();
            Map<String, String> subjects = new LinkedHashMap<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                AgentMessage m = newestFirst.get(i);
                byThread.computeIfAbsent(m.threadId, k -> new ArrayList<>()).add(view(m));
                subjects.putIfAbsent(m.threadId, m.subject);
            }
            List<Conversation> out = new ArrayList<>();
            byThread.forEach((id, list) -> out.add(new Conversation(id, subjects.get(id), list)));
            // most recently active first: the thread of the newest message first
            out.sort((a, b) -> b.messages().get(b.messages().size() - 1).at()
                    .compareTo(a.messages().get(a.messages().size() - 1).at()));
            return new History(out);
        });
    }

    /** One thread's messages, oldest first. */
    public Uni<List<HistoryMessage>> thread(String threadId) {
        return messages.ofThread(threadId).map(list -> list.stream().map(HistoryStore::view).toList());
    }

    static HistoryMessage view(AgentMessage m) {
        return new HistoryMessage(m.id, m.threadId, m.direction, m.messageId,
                m.sender == null ? null : read(m.sender, EmailAddress.class), read(m.recipients, ADDRESSES),
                read(m.replyTo, ADDRESSES), m.subject, m.text, m.html, m.inReplyTo, read(m.refs, STRINGS), m.at);
    }

    static String lower(EmailAddress a) {
        return a.address().toLowerCase(Locale.ROOT);
    }

    private static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write history JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored history JSON is invalid", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored history JSON is invalid", e);
        }
    }
}
