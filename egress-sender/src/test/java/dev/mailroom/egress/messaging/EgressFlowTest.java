package dev.mailroom.egress.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.subethamail.wiser.WiserMessage;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ReplyToken;
import dev.mailroom.egress.config.ReplyTokenConfig;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SmtpSinkResource.class)
class EgressFlowTest {

    @jakarta.inject.Inject
    ReplyTokenConfig tokenConfig;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static OutboundRequest request(String to, List<EmailAddress> bcc) {
        String id = Ids.newId();
        return new OutboundRequest(OutboundRequest.VERSION, id, EmailAddress.of("echo+t1@agents.test"),
                List.of(new EmailAddress("Ann Example", to)), null, bcc, null, "Re: hello wörld",
                "instance=t1 count=1\r\n", null, "m1@example.org", List.of("m0@example.org", "m1@example.org"),
                Map.of("X-Mailroom-Test", id), new AgentRef("Echo", "t1"), "in.0");
    }

    private static void publish(OutboundRequest request) {
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
    }

    private static List<WiserMessage> received(String sendId) {
        return SmtpSinkResource.messages().stream()
                .filter(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(sendId)).toList();
    }

    @Test
    void requestIsDeliveredToTheSmarthostAsThreadedMime() throws Exception {
        OutboundRequest request = request("ann@example.org", List.of(EmailAddress.of("audit@example.org")));
        publish(request);
        await().atMost(WAIT).until(() -> received(request.id()).size() == 2);

        List<WiserMessage> copies = received(request.id());
        assertEquals(List.of("ann@example.org", "audit@example.org"),
                copies.stream().map(WiserMessage::getEnvelopeReceiver).sorted().toList());
        assertEquals("echo+t1@agents.test", copies.get(0).getEnvelopeSender());
        MimeMessage mime = copies.get(0).getMimeMessage();
        String messageId = mime.getHeader("Message-ID")[0];
        ReplyToken.Verification token = ReplyToken.verify(tokenConfig.toKeys(),
                messageId.substring(1, messageId.length() - 1), "agents.test", "ann@example.org", Instant.now(),
                Duration.ofDays(1), false);
        assertEquals(new AgentRef("Echo", "t1"),
                assertInstanceOf(ReplyToken.Verification.Valid.class, token, messageId).agent(),
                "agent mail carries a reply token naming the sending instance, bound to the recipient");
        assertEquals("<m1@example.org>", mime.getHeader("In-Reply-To")[0]);
        assertEquals("<m0@example.org> <m1@example.org>", mime.getHeader("References")[0]);
        assertEquals("Re: hello wörld", mime.getSubject());
        assertEquals(request.id(), mime.getHeader("X-Mailroom-Test")[0], "custom headers pass");
        assertEquals("auto-replied", mime.getHeader("Auto-Submitted")[0]);
        assertNull(mime.getHeader("Bcc"), "bcc stays in the envelope");
        assertTrue(mime.getContent().toString().contains("instance=t1 count=1"));
        assertTrue(new String(copies.get(0).getData(), StandardCharsets.US_ASCII).contains("\r\ninstance=t1 count=1\r\n"),
                "plain ASCII text with CRLF line ends travels as readable 7bit, not quoted-printable");

        List<ConsumerRecord<String, byte[]>> events = KafkaTestClient.await(Topics.EVENTS,
                r -> request.id().equals(r.key()), 1, WAIT);
        assertEquals("outbound.delivered", Json.decode(events.get(0).value(), MailroomEvent.class, 1).type());
    }

    @Test
    void mailNotFromAnAgentKeepsAPlainMessageIdDerivedFromTheSendId() throws Exception {
        String id = Ids.newId();
        OutboundRequest plain = new OutboundRequest(1, id, EmailAddress.of("api@agents.test"),
                List.of(EmailAddress.of("bob@example.org")), null, null, null, "hello", "text", null, null, null,
                Map.of("X-Mailroom-Test", id), null, null);
        publish(plain);
        await().atMost(WAIT).until(() -> received(plain.id()).size() == 1);
        assertEquals("<" + plain.id() + "@agents.test>",
                received(plain.id()).get(0).getMimeMessage().getHeader("Message-ID")[0]);
    }

    @Test
    void permanentlyRejectedRecipientIsDeadLetteredWithTheServerReply() {
        OutboundRequest request = request("reject-me@example.org", null);
        publish(request);
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, WAIT).get(0);
        String reason = DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON);
        assertTrue(reason.startsWith("rejected: 5"), reason);
        assertEquals(request, Json.decode(dead.value(), OutboundRequest.class, 1), "the request is kept for replay");
        assertTrue(received(request.id()).isEmpty());
    }

    @Test
    void requestWithoutRecipientsIsDeadLettered() {
        OutboundRequest request = new OutboundRequest(1, Ids.newId(), EmailAddress.of("a@agents.test"), null, null,
                null, null, "s", "t", null, null, null, null, null, null);
        publish(request);
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, WAIT).get(0);
        assertTrue(DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON).startsWith("no-recipient"));
    }
}
