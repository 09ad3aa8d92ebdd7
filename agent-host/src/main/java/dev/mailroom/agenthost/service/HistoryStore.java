package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.agent.Conversation;
import dev.mailroom.agent.History;
import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.model.AgentMessage;
import dev.mailroom.agenthost.repository.AgentMessageRepository;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The history of instances: the rows of inbound and outbound messages (written by {@link AgentSql#write} with the
 * call's other effects) and their reading as {@link History}.
 */
@ApplicationScoped
public class HistoryStore {

    private static final TypeReference<List<EmailAddress>> ADDRESSES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final AgentMessageRepository messages;
    private final AgentSql sql;
    private final AgentHostConfig config;

    public HistoryStore(AgentMessageRepository messages, AgentSql sql, AgentHostConfig config) {
        this.messages = messages;
        this.sql = sql;
        this.config = config;
    }

    /** The history row of an inbound message in thread {@code threadId}. */
    public static AgentSql.MessageRow inbound(RoutedEmail routed, String threadId, Instant now) {
        return new AgentSql.MessageRow(routed.id(), threadId, HistoryMessage.Direction.IN.name(),
                routed.message().messageId(),
                routed.message().from() == null ? null : write(routed.message().from()),
                write(List.of(EmailAddress.of(routed.recipient()))), write(routed.replyRecipients()),
                routed.message().subject(), routed.message().text(), routed.message().html(),
                routed.message().inReplyTo().isEmpty() ? null : routed.message().inReplyTo().get(0),
                write(routed.message().references()),
                (routed.receivedAt() != null ? routed.receivedAt() : now).truncatedTo(ChronoUnit.MICROS));
    }

    /** The correspondent an inbound message makes known: its From (lower case). */
    public static List<String> inboundCorrespondents(RoutedEmail routed) {
        return routed.message().from() == null ? List.of() : List.of(lower(routed.message().from()));
    }

    /**
     * The history row of a message leaving through the outbox in thread {@code threadId}, with the Message-ID it is
     * sent with (a reply to it joins the thread by that exact Message-ID).
     */
    public static AgentSql.MessageRow outbound(OutboundRequest request, String threadId, Instant now) {
        return new AgentSql.MessageRow(request.id(), threadId, HistoryMessage.Direction.OUT.name(),
                request.messageId(),
                write(request.from()), write(request.allRecipients()), write(List.of()), request.subject(),
                request.text(), request.html(), request.inReplyTo(), write(request.references()),
                request.requestedAt() != null ? request.requestedAt() : now);
    }

    /** The correspondents a sent message makes known: its recipients (lower case). */
    public static List<String> outboundCorrespondents(OutboundRequest request) {
        return request.allRecipients().stream().map(HistoryStore::lower).toList();
    }

    /** The newest {@code mailroom.agent.history-limit} messages of {@code agentKey}, grouped in threads. */
    public Uni<History> load(String agentKey) {
        return messages.newest(agentKey, config.agent().historyLimit())
                .map(newestFirst -> group(newestFirst.stream().map(HistoryStore::view).toList()));
    }

    /**
     * {@link #load(String)} inside a call's transaction on {@code conn}: the stored messages and, newer than them,
     * {@code unwritten} (the call's own rows, written with its other effects).
     */
    Uni<History> load(SqlClient conn, String agentKey, List<AgentSql.MessageRow> unwritten) {
        int limit = config.agent().historyLimit();
        List<HistoryMessage> newestFirst = new ArrayList<>();
        for (int i = unwritten.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(view(unwritten.get(i)));
        }
        if (newestFirst.size() >= limit) {
            return Uni.createFrom().item(group(newestFirst));
        }
        return sql.newest(conn, agentKey, limit - newestFirst.size()).map(stored -> {
            stored.forEach(m -> newestFirst.add(view(m)));
            return group(newestFirst);
        });
    }

    /** Messages, newest first, grouped in threads: most recently active first, each oldest first. */
    public static History group(List<HistoryMessage> newestFirst) {
        Map<String, List<HistoryMessage>> byThread = new LinkedHashMap<>();
        Map<String, String> subjects = new LinkedHashMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            HistoryMessage m = newestFirst.get(i);
            byThread.computeIfAbsent(m.threadId(), k -> new ArrayList<>()).add(m);
            subjects.putIfAbsent(m.threadId(), m.subject());
        }
        List<Conversation> out = new ArrayList<>();
        byThread.forEach((id, list) -> out.add(new Conversation(id, subjects.get(id), list)));
        // most recently active first: the thread of the newest message first
        out.sort((a, b) -> b.messages().get(b.messages().size() - 1).at()
                .compareTo(a.messages().get(a.messages().size() - 1).at()));
        return new History(out);
    }

    /** One thread's messages, oldest first. */
    public Uni<List<HistoryMessage>> thread(String threadId) {
        return messages.ofThread(threadId).map(list -> list.stream().map(HistoryStore::view).toList());
    }

    static HistoryMessage view(AgentMessage m) {
        return view(new AgentSql.MessageRow(m.id, m.threadId, m.direction.name(), m.messageId, m.sender,
                m.recipients, m.replyTo, m.subject, m.text, m.html, m.inReplyTo, m.refs, m.at));
    }

    static HistoryMessage view(AgentSql.MessageRow m) {
        return new HistoryMessage(m.id(), m.threadId(), HistoryMessage.Direction.valueOf(m.direction()),
                m.messageId(), m.sender() == null ? null : read(m.sender(), EmailAddress.class),
                read(m.recipients(), ADDRESSES), read(m.replyTo(), ADDRESSES), m.subject(), m.text(), m.html(),
                m.inReplyTo(), read(m.refs(), STRINGS), m.at());
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
