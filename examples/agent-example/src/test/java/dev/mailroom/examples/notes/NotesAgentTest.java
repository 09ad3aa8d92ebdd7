package dev.mailroom.examples.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;

class NotesAgentTest {

    private final NotesAgent agent = new NotesAgent(Duration.ofMinutes(5));
    private final FakeContext ctx = new FakeContext("Notes", "groceries");

    private static InboundEmail email(String id, String subject, String text, String autoReply) {
        ParsedMessage m = new ParsedMessage(id + "@example.org", List.of(), List.of(),
                new EmailAddress("Ann", "ann@example.org"), null, List.of(EmailAddress.of("notes+groceries@x.test")),
                null, subject, null, text, null, null, id + "@example.org", text, autoReply, null);
        return new InboundEmail(new RoutedEmail(RoutedEmail.VERSION, id, id, "notes+groceries@x.test",
                new AgentRef("Notes", "groceries"), Route.byAddress(), "ann@example.org", "127.0.0.1", Instant.now(),
                m));
    }

    private void deliver(InboundEmail email) {
        agent.onEmail(email, ctx.call(email.id())).await().indefinitely();
    }

    @Test
    void eachNoteIsKeptInStateAndAcknowledgedInTheThread() {
        deliver(email("m1", "milk", "two litres", null));
        Outgoing ack = ctx.sent.get(0);
        assertEquals("Re: milk", ack.subject());
        assertEquals("m1@example.org", ack.inReplyTo());
        assertEquals("ann@example.org", ack.to().get(0).address());
        assertTrue(ack.text().startsWith("Noted in groceries (note 1, 1 kept)"), ack.text());

        deliver(email("m2", "bread", "rye", null));
        assertTrue(ctx.sent.get(0).text().startsWith("Noted in groceries (note 2, 2 kept)"), ctx.sent.get(0).text());
        assertEquals(2, ctx.state.getLong("count", 0));
        assertEquals("rye", ctx.state.json().get("notes").get(1).get("text").asText());
    }

    @Test
    void listAnswersWithEveryNoteAndAddsNone() {
        deliver(email("m1", "milk", "two litres", null));
        deliver(email("m2", "LIST", "", null));
        String text = ctx.sent.get(0).text();
        assertTrue(text.startsWith("1 notes in groceries:"), text);
        assertTrue(text.contains("1. milk\r\ntwo litres\r\n"), text);
        assertEquals(1, ctx.state.getLong("count", 0));
    }

    @Test
    void firstNoteSchedulesOneDigestThatMailsTheNotesThenTheNextNoteSchedulesAgain() {
        Instant before = Instant.now();
        deliver(email("m1", "milk", "two litres", null));
        FakeContext.Scheduled digest = ctx.scheduled.get(0);
        assertTrue(!digest.at().isBefore(before.plus(Duration.ofMinutes(5))), "after digestAfter");
        assertEquals("ann@example.org", digest.payload().get("to").asText());
        assertEquals(digest.id(), ctx.state.getString("digest", null));

        deliver(email("m2", "bread", "rye", null));
        assertEquals(List.of(), ctx.scheduled, "one digest pending at a time");

        agent.onSchedule(digest.payload(), ctx.call(digest.id())).await().indefinitely();
        Outgoing mail = ctx.sent.get(0);
        assertEquals("Your notes in groceries", mail.subject());
        assertEquals("ann@example.org", mail.to().get(0).address());
        assertTrue(mail.text().contains("2. bread\r\nrye\r\n"), mail.text());
        assertEquals(null, ctx.state.getString("digest", null));

        deliver(email("m3", "eggs", "", null));
        assertEquals(1, ctx.scheduled.size(), "the next note schedules the next digest");
    }

    @Test
    void automaticMailIsNeitherNotedNorAnswered() {
        deliver(email("m1", "Out of office", "away", "auto-submitted: auto-replied"));
        assertEquals(List.of(), ctx.sent);
        assertEquals(List.of(), ctx.scheduled);
        assertEquals(0, ctx.state.getLong("count", 0));
    }

    @Test
    void onlyTheNewestNotesAreKept() {
        for (int i = 0; i < NotesAgent.MAX_NOTES + 3; i++) {
            deliver(email("m" + i, "note " + i, "", null));
        }
        assertEquals(NotesAgent.MAX_NOTES, ctx.state.json().get("notes").size());
        assertEquals("note 3", ctx.state.json().get("notes").get(0).get("subject").asText());
        assertEquals(NotesAgent.MAX_NOTES + 3, ctx.state.getLong("count", 0));
    }
}
