package dev.mailroom.egress.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(SmtpSinkResource.class)
class EgressFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static OutboundRequest request(String to, List<EmailAddress> bcc) {
        return new OutboundRequest(OutboundRequest.VERSION, Ids.newId(), EmailAddress.of("echo+t1@agents.test"),
                List.of(new EmailAddress("Ann Example", to)), null, bcc, null, "Re: hello wörld",
                "instance=t1 count=1\r\n", null, "m1@example.org", List.of("m0@example.org", "m1@example.org"),
                Map.of("X-Mailroom-Test", "yes"), new AgentRef("Echo", "t1"), "in.0");
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
        assertArrayEquals(new String[] { "<" + request.id() + "@agents.test>" }, mime.getHeader("Message-ID"));
        assertEquals("<m1@example.org>", mime.getHeader("In-Reply-To")[0]);
        assertEquals("<m0@example.org> <m1@example.org>", mime.getHeader("References")[0]);
        assertEquals("Re: hello wörld", mime.getSubject());
        assertEquals("yes", mime.getHeader("X-Mailroom-Test")[0]);
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
