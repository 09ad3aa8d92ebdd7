package dev.mailroom.agenthost.agents;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.awaitDraft;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.countCausedBy;
import static dev.mailroom.agenthost.TestMail.inVertx;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Send policies per agent class (set for the test classes in application.properties, profile test). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SendPolicyFlowTest {

    @Inject
    DraftService decisions;

    @Inject
    dev.mailroom.agenthost.messaging.OutboxRelay relay;

    private static String sendId(RoutedEmail email) {
        return Ids.derived(email.id(), "send", "0");
    }

    @Test
    void approvedRecipientsOnlyHoldsOtherRecipientsAsDraftsWithAnEvent() {
        String t = instance("guard");
        RoutedEmail toStranger = routed("Guarded", t, "send bob@example.org");
        publish(toStranger);
        Draft held = awaitDraft(sendId(toStranger));
        assertEquals("recipient-not-approved: bob@example.org", held.reason);
        assertEquals(Draft.Status.PENDING, held.status);
        MailroomEvent event = Json.decode(KafkaTestClient.await(Topics.EVENTS,
                r -> r.key().equals(sendId(toStranger)), 1, WAIT).get(0).value(), MailroomEvent.class, 1);
        assertEquals("agent.send-held", event.type());
        assertEquals(held.reason, event.detail().get("reason"));
        assertEquals(dev.mailroom.agenthost.service.DraftService.request(held).from().address(),
                event.detail().get("from"), "the sender scopes the customer's draft.created (ADR 0038)");

        RoutedEmail toTrustedDomain = routed("Guarded", t, "send carol@trusted.test");
        publish(toTrustedDomain);
        assertEquals("carol@trusted.test", causedBy(toTrustedDomain.id()).to().get(0).address());
        RoutedEmail fromAnn = routed("Guarded", t, "hi");
        publish(fromAnn);
        assertEquals("ok", causedBy(fromAnn.id()).text(), "ann is approved");
        assertEquals(0, countCausedBy(toStranger.id()), "the held message did not leave");
    }

    @Test
    void firstMailToANewCorrespondentNeedsApprovalThenTheyAreKnown() {
        String t = instance("careful");
        RoutedEmail hello = routed("Careful", t, "hi");
        publish(hello);
        assertEquals("ok", causedBy(hello.id()).text(), "the sender is a correspondent: answering needs no approval");
        RoutedEmail first = routed("Careful", t, "send bob@example.org");
        publish(first);
        assertEquals("new-correspondent: bob@example.org", awaitDraft(sendId(first)).reason);
        inVertx(() -> decisions.approve(sendId(first), null, "key1"));
        relay.trigger(); // as DraftsResource does after the approval's commit (the timer leaves fresh rows alone)
        assertEquals("bob@example.org", causedBy(first.id()).to().get(0).address());
        RoutedEmail second = routed("Careful", t, "send bob@example.org");
        publish(second);
        assertEquals("bob@example.org", causedBy(second.id()).to().get(0).address(), "bob is known now");
    }

    @Test
    void draftsOnlyHoldsEvenAReply() {
        String t = instance("shy");
        RoutedEmail hello = routed("Shy", t, "hi");
        publish(hello);
        Draft held = awaitDraft(Ids.derived(hello.id(), "reply", "0"));
        assertEquals("drafts-only: the class sends nothing without approval", held.reason);
        assertEquals(0, countCausedBy(hello.id()));
    }

    /** {@code base} with a Reply-To header naming {@code replyTo}. */
    private static RoutedEmail withReplyTo(RoutedEmail base, String replyTo) {
        ParsedMessage m = base.message();
        ParsedMessage withReplyTo = new ParsedMessage(m.messageId(), m.inReplyTo(), m.references(), m.from(),
                List.of(EmailAddress.of(replyTo)), m.to(), m.cc(), m.subject(), m.date(), m.text(), m.html(),
                m.attachments(), m.threadId(), m.replyText(), m.autoReply(), m.routingHeaders());
        return new RoutedEmail(base.v(), base.id(), base.inboundId(), base.recipient(), base.agent(), base.route(),
                base.mailFrom(), base.clientIp(), base.receivedAt(), withReplyTo);
    }

    @Test
    void aReplyToOutsideTheCorrespondentsIsIgnoredWithAnEvent() {
        RoutedEmail email = withReplyTo(routed("Scribe", instance("replyto"), "hi"), "mallory@evil.test");
        publish(email);
        OutboundRequest reply = causedBy(email.id());
        assertEquals(List.of("ann@example.org"), reply.to().stream().map(EmailAddress::address).toList(),
                "answered to From, not to the stranger in Reply-To");
        MailroomEvent event = Json.decode(KafkaTestClient.await(Topics.EVENTS,
                r -> r.key().equals(reply.id()), 1, WAIT).get(0).value(), MailroomEvent.class, 1);
        assertEquals("agent.reply-to-ignored", event.type());
        assertEquals("mallory@evil.test", event.detail().get("reply_to"));
    }

    @Test
    void aClassThatFollowsReplyToStillNeedsApprovalForANewCorrespondent() {
        RoutedEmail email = withReplyTo(routed("Careful", instance("replyto"), "hi"), "mallory@evil.test");
        publish(email);
        Draft held = awaitDraft(Ids.derived(email.id(), "reply", "0"));
        assertEquals("new-correspondent: mallory@evil.test", held.reason);
        assertEquals(0, countCausedBy(email.id()));
    }
}
