package dev.mailroom.agenthost.agents;

import static dev.mailroom.agenthost.TestMail.awaitDraft;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.countCausedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;


import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The example agents Support and Drafter (follow-up after 1 s in the test profile). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ExampleAgentsFlowTest {

    @Test
    void supportAcknowledgesAtOnceThenFollowsUpInTheThreadOnce() {
        String ticket = instance("ticket");
        RoutedEmail email = routed("Support", ticket, "printer on fire");
        publish(email);
        OutboundRequest ack = causedBy(email.id());
        assertTrue(ack.text().contains("ticket " + ticket), ack.text());
        assertEquals("Re: printer on fire", ack.subject());
        String scheduleId = Ids.derived(email.id(), "schedule", "0");
        OutboundRequest followUp = causedBy(scheduleId);
        assertTrue(followUp.text().startsWith("Hello again"), followUp.text());
        assertEquals(email.message().messageId(), followUp.inReplyTo(), "in the thread of the message");
        assertEquals(List.of(email.message().messageId()), followUp.references());
        assertEquals(1, countCausedBy(scheduleId));
    }

    @Test
    void supportDoesNotAnswerAutomaticMail() {
        String ticket = instance("ticket");
        RoutedEmail base = routed("Support", ticket, "Out of office");
        RoutedEmail auto = new RoutedEmail(base.v(), base.id(), base.inboundId(), base.recipient(), base.agent(),
                base.route(), base.mailFrom(), base.clientIp(), base.receivedAt(),
                base.message().withAutoReply("auto-submitted: auto-replied"));
        publish(auto);
        RoutedEmail person = routed("Support", ticket, "real question", List.of(), Route.byAddress());
        publish(person);
        causedBy(person.id());
        assertEquals(0, countCausedBy(auto.id()));
    }

    @Test
    void drafterKeepsItsAnswerForApproval() {
        String t = instance("drafter");
        RoutedEmail email = routed("Drafter", t, "contract renewal");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        Draft draft = awaitDraft(id);
        assertEquals(Draft.Status.PENDING, draft.status);
        assertTrue(draft.request.contains("Hello Ann") && draft.request.contains("contract renewal"),
                draft.request);
        assertEquals(0, countCausedBy(email.id()), "nothing is sent before approval");
    }
}
