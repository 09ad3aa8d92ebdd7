package dev.mailroom.examples.notes;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agent.AgentClass;
import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import io.smallrye.mutiny.Uni;

/**
 * A notebook per instance ({@code notes+groceries@your.domain} is notebook {@code groceries}). Each message a person
 * writes becomes a note and is acknowledged with the note count; a message with the subject {@code list} is answered
 * with every note instead. The first note after a digest schedules the next one: {@link #digestAfter} later the
 * instance mails its notes to whoever wrote that note.
 *
 * <p>Written against {@code mailroom-agent-api} only: agent-host creates one instance with the public no-arg
 * constructor ({@code META-INF/services/dev.mailroom.agent.Agent} names this class) and shares it between every
 * notebook, concurrently, so nothing per-notebook lives in fields; it all lives in {@link AgentContext#state()}.
 */
@AgentClass("Notes")
public class NotesAgent implements Agent {

    /** Notes kept per notebook (the oldest go first). */
    static final int MAX_NOTES = 50;

    /** Longest note kept, in characters. */
    static final int MAX_NOTE = 2000;

    private final Duration digestAfter;

    /** The one agent-host calls: a digest a day after the first note since the last digest. */
    public NotesAgent() {
        this(Duration.ofDays(1));
    }

    /** @param digestAfter how long after the first undigested note the digest goes out */
    public NotesAgent(Duration digestAfter) {
        this.digestAfter = digestAfter;
    }

    @Override
    public Uni<Void> onEmail(InboundEmail email, AgentContext ctx) {
        if (email.isAutomatic() || email.replyRecipients().isEmpty()) {
            return Uni.createFrom().voidItem(); // auto-replies and bounces: never answered, never noted
        }
        if ("list".equals(email.subject().strip().toLowerCase(Locale.ROOT))) {
            ctx.reply(email, listing(ctx));
            return Uni.createFrom().voidItem();
        }
        ArrayNode notes = notes(ctx);
        ObjectNode note = notes.addObject();
        note.put("id", email.id());
        note.put("subject", email.subject());
        note.put("text", clip(email.replyText() != null ? email.replyText() : email.text()));
        while (notes.size() > MAX_NOTES) {
            notes.remove(0);
        }
        long count = ctx.state().getLong("count", 0) + 1;
        ctx.state().put("count", count);
        if (ctx.state().getString("digest", null) == null) {
            String to = email.replyRecipients().get(0).address();
            ctx.state().put("digest", ctx.schedule(digestAfter, Map.of("to", to)));
        }
        ctx.reply(email, "Noted in " + ctx.self().instance() + " (note " + count + ", " + notes.size()
                + " kept).\r\nWrite with the subject \"list\" to get them all.\r\n");
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> onSchedule(JsonNode payload, AgentContext ctx) {
        ctx.state().json().remove("digest"); // the next note schedules the next digest
        String to = payload.path("to").asText("");
        if (to.isEmpty() || notes(ctx).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ctx.send(Outgoing.to(to).withSubject("Your notes in " + ctx.self().instance()).withText(listing(ctx)));
        return Uni.createFrom().voidItem();
    }

    private static ArrayNode notes(AgentContext ctx) {
        JsonNode notes = ctx.state().json().get("notes");
        return notes instanceof ArrayNode array ? array : ctx.state().json().putArray("notes");
    }

    private static String listing(AgentContext ctx) {
        ArrayNode notes = notes(ctx);
        if (notes.isEmpty()) {
            return "No notes in " + ctx.self().instance() + " yet.\r\n";
        }
        StringBuilder out = new StringBuilder(notes.size() + " notes in " + ctx.self().instance() + ":\r\n");
        int n = 1;
        for (JsonNode note : notes) {
            out.append("\r\n").append(n++).append(". ").append(note.path("subject").asText()).append("\r\n");
            String text = note.path("text").asText("");
            if (!text.isBlank()) {
                out.append(text.strip().replace("\r\n", "\n").replace("\n", "\r\n")).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_NOTE ? text : text.substring(0, MAX_NOTE);
    }
}
