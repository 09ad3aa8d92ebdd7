package dev.mailroom.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static RoutedEmail sample() {
        ParsedMessage message = new ParsedMessage("abc@example.org", List.of("p@x"), List.of("r1@x", "p@x"),
                new EmailAddress("Ann", "ann@example.org"), List.of(), List.of(EmailAddress.of("echo+t1@d")),
                List.of(), "Hello ünïcode", Instant.parse("2026-11-23T10:00:00Z"), "body", null,
                List.of(new ParsedMessage.Attachment("a.pdf", "application/pdf", 42)));
        return new RoutedEmail(RoutedEmail.VERSION, "in1.0", "in1", "echo+t1@d", new AgentRef("Echo", "t1"),
                Route.byAddress(), "ann@example.org", "127.0.0.1", Instant.parse("2026-11-23T10:00:01Z"), message);
    }

    @Test
    void routedEmailSurvivesARoundTrip() {
        RoutedEmail original = sample();
        RoutedEmail decoded = Json.decode(Json.encode(original), RoutedEmail.class, RoutedEmail.VERSION);
        assertEquals(original, decoded);
    }

    @Test
    void outboundRequestSurvivesARoundTripAndListsEveryRecipient() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, "s1", EmailAddress.of("a@d"),
                List.of(EmailAddress.of("b@x")), List.of(EmailAddress.of("c@x")), List.of(EmailAddress.of("d@x")),
                null, "Re: hi", "text", null, "m@x", List.of("m@x"), Map.of("X-Tag", "1"),
                new AgentRef("Echo", "t1"), "in1.0");
        OutboundRequest decoded = Json.decode(Json.encode(request), OutboundRequest.class, OutboundRequest.VERSION);
        assertEquals(request, decoded);
        assertEquals(List.of("b@x", "c@x", "d@x"),
                decoded.allRecipients().stream().map(EmailAddress::address).toList());
    }

    @Test
    void dsnReportSurvivesARoundTripAndIsKeyedBySendIdElseMessageIdElseInboundId() {
        DsnReport.Recipient failed = new DsnReport.Recipient("b@x", null, "failed", "5.1.1",
                "smtp; 550 5.1.1 unknown", "mx.x");
        DsnReport report = new DsnReport(DsnReport.VERSION, "in1", Instant.parse("2026-11-23T10:00:01Z"), "",
                List.of("echo+t1@d"), "relay.x", "s1", "m1@d", List.of(failed));
        byte[] json = Json.encode(report);
        assertEquals(report, Json.decode(json, DsnReport.class, DsnReport.VERSION));
        assertTrue(!new String(json, StandardCharsets.UTF_8).contains("\"key\""), "key() is not a field");
        assertEquals("s1", report.key());
        assertEquals("m1@d", new DsnReport(1, "in1", null, "", null, null, null, "m1@d", List.of(failed)).key());
        assertEquals("in1", new DsnReport(1, "in1", null, "", null, null, " ", null, List.of(failed)).key());
    }

    @Test
    void domainRecordSurvivesARoundTripWithItsNameLowerCased() {
        DomainRecord record = DomainRecord.accepted("Mail.Example.ORG", Instant.parse("2026-11-23T10:00:00Z"));
        assertEquals("mail.example.org", record.name());
        byte[] json = Json.encode(record);
        assertEquals("{\"v\":1,\"name\":\"mail.example.org\",\"accepted\":true,"
                + "\"updatedAt\":\"2026-11-23T10:00:00Z\"}", new String(json, StandardCharsets.UTF_8));
        assertEquals(record, Json.decode(json, DomainRecord.class, DomainRecord.VERSION));
    }

    @Test
    void domainRecordCarriesWhetherItMaySendAndItsSealedKeysAndReadsRecordsOfTheFirstShape() {
        DomainRecord record = new DomainRecord(1, "mail.example.org", true, Instant.parse("2026-12-07T10:00:00Z"),
                false, "not verified", List.of(new DomainRecord.DkimKeyRecord("mr202612e", "ed25519-sha256",
                        "v1:c2VhbGVk", "v=DKIM1; k=ed25519; p=AAAA")));
        String json = new String(Json.encode(record), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"maySend\":false") && json.contains("\"sealedPrivateKey\":\"v1:c2VhbGVk\""), json);
        DomainRecord decoded = Json.decode(json.getBytes(StandardCharsets.UTF_8), DomainRecord.class, 1);
        assertEquals(record, decoded);
        assertEquals("not verified", decoded.refusal());
        assertEquals("mr202612e", decoded.signingKeys().get(0).selector());

        DomainRecord old = Json.decode(("{\"v\":1,\"name\":\"a.example\",\"accepted\":true,"
                + "\"updatedAt\":\"2026-11-23T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8), DomainRecord.class, 1);
        assertEquals(null, old.refusal(), "a record of the first shape has no opinion on sending");
        assertEquals(List.of(), old.signingKeys());
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = "{\"v\":1,\"id\":\"s1\",\"from\":{\"address\":\"a@d\"},\"to\":[{\"address\":\"b@x\"}],"
                + "\"futureField\":{\"x\":1}}";
        OutboundRequest decoded = Json.decode(json.getBytes(StandardCharsets.UTF_8), OutboundRequest.class, 1);
        assertEquals("s1", decoded.id());
        assertEquals("", decoded.subject());
        assertNull(decoded.messageId(), "a producer that names no Message-ID leaves it to egress");
    }

    @Test
    void theMessageIdOfARequestTravelsAsAnOptionalField() {
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, "s1", EmailAddress.of("a@d"),
                List.of(EmailAddress.of("b@x")), null, null, null, "hi", "text", null, null, null, null, null, null)
                .withMessageId("s1@d");
        String json = new String(Json.encode(request), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"messageId\":\"s1@d\""), json);
        assertEquals("s1@d", Json.decode(json.getBytes(StandardCharsets.UTF_8), OutboundRequest.class,
                OutboundRequest.VERSION).messageId());
        String without = new String(Json.encode(request.withMessageId(null)), StandardCharsets.UTF_8);
        assertFalse(without.contains("messageId"), "absent, not null, for consumers of v1: " + without);
    }

    @Test
    void aHigherVersionIsRefusedWithAReason() {
        byte[] json = "{\"v\":2,\"id\":\"s1\"}".getBytes(StandardCharsets.UTF_8);
        ContractException e = assertThrows(ContractException.class,
                () -> Json.decode(json, OutboundRequest.class, 1));
        assertEquals("unsupported-version", e.reason());
    }

    @Test
    void garbageAndMissingMandatoryFieldsAreUndecodable() {
        ContractException notJson = assertThrows(ContractException.class,
                () -> Json.decode("not json".getBytes(StandardCharsets.UTF_8), RoutedEmail.class, 1));
        assertEquals("undecodable-json", notJson.reason());
        ContractException noId = assertThrows(ContractException.class,
                () -> Json.decode("{\"v\":1}".getBytes(StandardCharsets.UTF_8), OutboundRequest.class, 1));
        assertEquals("undecodable-json", noId.reason());
        assertTrue(noId.getMessage().contains("id"), noId.getMessage());
    }

    @Test
    void replyGoesToReplyToThenFromThenEnvelopeSender() {
        RoutedEmail email = sample();
        assertEquals(List.of(new EmailAddress("Ann", "ann@example.org")), email.replyRecipients());
        ParsedMessage noFrom = new ParsedMessage(null, null, null, null, null, null, null, null, null, null, null,
                null);
        RoutedEmail bounce = new RoutedEmail(1, "i.0", "i", "echo@d", new AgentRef("Echo", "echo"),
                Route.byAddress(), "", "", Instant.EPOCH, noFrom);
        assertTrue(bounce.replyRecipients().isEmpty());
    }
}
