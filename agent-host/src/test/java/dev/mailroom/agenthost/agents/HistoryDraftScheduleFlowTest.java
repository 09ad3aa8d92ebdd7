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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.agenthost.TestMail;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.model.Draft;
import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresNode;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** History and threads, sends, drafts and schedules of {@link ScribeAgent}, against real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class HistoryDraftScheduleFlowTest {

    @Inject
    DraftService drafts;

    @Inject
    dev.mailroom.platform.token.ReplyTokenConfig tokens;

    @Inject
    dev.mailroom.agenthost.messaging.OutboxRelay relay;


    private static String text(RoutedEmail email) {
        return causedBy(email.id()).text();
    }

    @Test
    void historyHoldsBothDirectionsOfAThreadAndANewThreadApart() {
        String t = instance("hist");
        RoutedEmail first = routed("Scribe", t, "hello");
        publish(first);
        causedBy(first.id());
        RoutedEmail answer = routed("Scribe", t, "history please",
                List.of(first.message().messageId()), Route.byAddress());
        publish(answer);
        String report = text(answer);
        assertTrue(report.contains(" seq=IN,OUT,IN "), report);
        assertTrue(report.endsWith("threads=1"), report);

        RoutedEmail other = routed("Scribe", t, "history of a new thread");
        publish(other);
        String second = text(other);
        assertTrue(second.contains(" seq=IN "), second);
        assertTrue(second.endsWith("threads=2"), second);
        assertNotEquals(report.split(" ")[0], second.split(" ")[0], "a message without parents starts a thread");
    }

    @Test
    void replyToAMessageTheAgentStartedJoinsItsThreadByTheMessageIdOfItsRequest() {
        String t = instance("tok");
        RoutedEmail order = routed("Scribe", t, "send bob@example.org");
        publish(order);
        OutboundRequest news = causedBy(order.id());
        assertEquals("scribe+" + t + "@agents.test", news.from().address(), "from the instance's address");
        assertEquals(null, news.inReplyTo());
        // agent-host minted the Message-ID: a reply token bound to bob, issued at the routed record's time
        ReplyToken.Verification token = ReplyToken.verify(tokens.toKeys(), news.messageId(), "agents.test",
                "bob@example.org", Instant.now(), Duration.ofDays(1), false);
        assertEquals(new ReplyToken.Verification.Valid(new AgentRef("Scribe", t),
                order.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), "t1", true), token);
        RoutedEmail reply = routed("Scribe", t, "history of the reply", List.of(news.messageId()),
                new Route(Route.BY_REPLY_TOKEN, true, null));
        publish(reply);
        String report = text(reply);
        assertTrue(report.contains(" seq=OUT,IN "), "the news and its reply, apart from the order: " + report);
        assertTrue(report.endsWith("threads=2"), report);
    }

    @Test
    void draftIsHeldUntilApprovedThenSentOnceAsEdited() {
        String t = instance("draft");
        RoutedEmail email = routed("Scribe", t, "draft please");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        Draft held = awaitDraft(id);
        assertEquals(Draft.Status.PENDING, held.status);
        assertEquals("agent-draft", held.reason);
        assertEquals(0, countCausedBy(email.id()), "nothing leaves before approval");

        OutboundRequest sent = inVertx(() -> drafts.approve(id,
                new DraftService.Edits(null, "edited answer", null, null), "key1"));
        assertEquals(id, sent.id());
        relay.trigger(); // as DraftsResource does after the approval's commit (the timer leaves fresh rows alone)
        OutboundRequest published = causedBy(email.id());
        assertEquals("edited answer", published.text());
        assertEquals(DraftService.request(held).messageId(), published.messageId(),
                "sent with the Message-ID it was held with");
        assertEquals(email.message().messageId(), published.inReplyTo());
        assertEquals("ann@example.org", published.to().get(0).address());
        assertThrows(DraftService.AlreadyDecided.class, () -> inVertx(() -> drafts.approve(id, null, "key1")));
        assertThrows(DraftService.AlreadyDecided.class, () -> inVertx(() -> drafts.reject(id, "key1")));
        assertEquals(1, countCausedBy(email.id()), "approved once, sent once");

        RoutedEmail history = routed("Scribe", t, "history after approval",
                List.of(email.message().messageId()), Route.byAddress());
        publish(history);
        String report = text(history);
        assertTrue(report.contains(" seq=IN,OUT,IN "), "the approved draft is in the thread: " + report);
    }

    @Test
    void rejectedDraftIsNeverSent() {
        String t = instance("rej");
        RoutedEmail email = routed("Scribe", t, "draft please");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        awaitDraft(id);
        assertEquals(Draft.Status.REJECTED, inVertx(() -> drafts.reject(id, "key1")).status);
        assertThrows(DraftService.AlreadyDecided.class, () -> inVertx(() -> drafts.approve(id, null, "key1")));
        assertThrows(DraftService.NoSuchDraft.class, () -> inVertx(() -> drafts.approve("nope", null, "key1")));
        assertEquals(0, countCausedBy(email.id()));
    }

    @Test
    void scheduleFiresOnceAndFollowsUpInTheThread() {
        String t = instance("later");
        RoutedEmail email = routed("Scribe", t, "later");
        publish(email);
        assertEquals("ack", causedBy(email.id()).text());
        String scheduleId = Ids.derived(email.id(), "schedule", "0");
        OutboundRequest followUp = causedBy(scheduleId);
        assertTrue(followUp.text().startsWith("follow-up in thread "), followUp.text());
        assertEquals(email.message().messageId(), followUp.inReplyTo());
        AgentSchedule fired = TestMail.schedule(scheduleId);
        assertEquals(AgentSchedule.Status.FIRED, fired.status);
        assertEquals(1, fired.attempts);
        assertEquals(1, countCausedBy(scheduleId), "fires once");
    }

    @Test
    void scheduleWrittenBeforeThisProcessStartedFiresOnce() throws SQLException {
        String t = instance("restart");
        RoutedEmail email = routed("Scribe", t, "hello");
        publish(email);
        causedBy(email.id());
        // as a previous process would have left it: a pending row, overdue
        String scheduleId = Ids.newId();
        try (Connection c = DriverManager.getConnection(PostgresTestResource.jdbcUrl(), PostgresNode.USER,
                PostgresNode.PASSWORD);
                PreparedStatement s = c.prepareStatement("insert into agent_schedule (id, agent_key, class_name,"
                        + " instance, thread_id, payload, due_at, status, created_at) values (?, ?, 'Scribe', ?,"
                        + " null, ?, ?, 'PENDING', ?)")) {
            s.setString(1, scheduleId);
            s.setString(2, "Scribe/" + t);
            s.setString(3, t);
            s.setString(4, "{\"answer\":\"" + email.id() + "\"}");
            s.setTimestamp(5, Timestamp.from(Instant.now().minusSeconds(60)));
            s.setTimestamp(6, Timestamp.from(Instant.now().minusSeconds(120)));
            s.executeUpdate();
        }
        assertTrue(causedBy(scheduleId).text().startsWith("follow-up"));
        assertEquals(AgentSchedule.Status.FIRED, TestMail.schedule(scheduleId).status);
        assertEquals(1, countCausedBy(scheduleId));
    }

    @Test
    void failingScheduleIsRetriedThenMarkedFailedWithNoEffect() {
        String t = instance("sfail");
        RoutedEmail email = routed("Scribe", t, "later-fail");
        publish(email);
        causedBy(email.id());
        String scheduleId = Ids.derived(email.id(), "schedule", "0");
        AtomicReference<AgentSchedule> last = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            last.set(TestMail.schedule(scheduleId));
            return last.get() != null && last.get().status == AgentSchedule.Status.FAILED;
        });
        assertEquals(3, last.get().attempts, "mailroom.agent.max-attempts");
        assertTrue(last.get().lastError.contains("schedule bug"), last.get().lastError);
        assertEquals(0, countCausedBy(scheduleId));
    }
}
