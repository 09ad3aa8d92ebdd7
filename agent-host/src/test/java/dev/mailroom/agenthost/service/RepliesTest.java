package dev.mailroom.agenthost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.agent.InboundEmail;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;

class RepliesTest {

    private static InboundEmail email(String subject, String messageId, List<String> inReplyTo,
            List<String> references, EmailAddress from, String mailFrom) {
        ParsedMessage m = new ParsedMessage(messageId, inReplyTo, references, from, null, null, null, subject, null,
                "hi", null, null);
        return new InboundEmail(new RoutedEmail(1, "in.0", "in", "echo+t1@agents.test", new AgentRef("Echo", "t1"),
                Route.byAddress(), mailFrom, "127.0.0.1", Instant.EPOCH, m));
    }

    private static OutboundRequest reply(InboundEmail in) {
        return Replies.request("s1", new AgentRef("Echo", "t1"), Outgoing.replyTo(in).withText("text"), null,
                in.id(), Instant.EPOCH);
    }

    @Test
    void newMessageComesFromTheInstanceAddressUnlessNamed() {
        OutboundRequest r = Replies.request("s2", new AgentRef("Echo", "t1"),
                Outgoing.to("bob@example.org").withSubject("news").withText("hi"),
                EmailAddress.of("echo+t1@agents.test"), "sched", Instant.EPOCH);
        assertEquals("echo+t1@agents.test", r.from().address());
        assertEquals(null, r.inReplyTo());
        assertEquals(List.of(), r.references());
        assertEquals("news", r.subject());
        assertThrows(IllegalStateException.class, () -> Replies.request("s3", new AgentRef("Echo", "t1"),
                Outgoing.to("bob@example.org"), null, "sched", Instant.EPOCH), "no sender known");
    }

    @Test
    void replyComesFromTheAddressWrittenToAndGoesToTheSenderThreaded() {
        InboundEmail in = email("hello", "m2@x", List.of("m1@x"), List.of("m0@x", "m1@x"),
                new EmailAddress("Ann", "ann@example.org"), "bounce@example.org");
        OutboundRequest r = reply(in);
        assertEquals("echo+t1@agents.test", r.from().address());
        assertEquals(List.of(new EmailAddress("Ann", "ann@example.org")), r.to());
        assertEquals("Re: hello", r.subject());
        assertEquals("m2@x", r.inReplyTo());
        assertEquals(List.of("m0@x", "m1@x", "m2@x"), r.references());
        assertEquals("in.0", r.causationId());
        assertEquals("Echo/t1", r.agent().key());
        assertEquals(Instant.EPOCH, r.requestedAt());
    }

    @Test
    void firstMessageOfAThreadIsReferencedAlone() {
        OutboundRequest r = reply(
                email("hello", "m1@x", List.of(), List.of(), null, "ann@example.org"));
        assertEquals(List.of("m1@x"), r.references());
        assertEquals("ann@example.org", r.to().get(0).address(), "without From the envelope sender is answered");
    }

    @Test
    void subjectPrefixIsNotStacked() {
        assertEquals("Re: hello", Replies.subject("hello"));
        assertEquals("RE: hello", Replies.subject("RE: hello"));
        assertEquals("Re: ", Replies.subject(null));
    }

    @Test
    void bounceCannotBeAnswered() {
        InboundEmail bounce = email("failure", "b@x", List.of(), List.of(), null, "");
        assertThrows(IllegalStateException.class,
                () -> reply(bounce));
    }
}
