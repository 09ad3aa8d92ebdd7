package dev.mailroom.egress.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DeadLetter;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.KafkaHeaders;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Without a smarthost (and before MX delivery exists) mail is dead-lettered with reason no-route, never dropped. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class NoSmarthostTest {

    @Test
    void withoutARouteTheRequestIsDeadLettered() {
        OutboundRequest request = new OutboundRequest(1, Ids.newId(), EmailAddress.of("a@agents.test"),
                List.of(EmailAddress.of("b@example.org")), null, null, null, "s", "t", null, null, null, null, null,
                null);
        KafkaTestClient.produce(Topics.OUTBOUND_REQUESTED, request.id(), Json.encode(request), new RecordHeaders());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(Topics.dlq(Topics.OUTBOUND_REQUESTED),
                r -> request.id().equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertTrue(DeadLetter.header(dead.headers(), KafkaHeaders.DEAD_LETTER_REASON).startsWith("no-route"));
    }
}
