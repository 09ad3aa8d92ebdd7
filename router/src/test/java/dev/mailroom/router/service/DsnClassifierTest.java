package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.Envelope;

class DsnClassifierTest {

    private static final DsnClassifier CLASSIFIER = new DsnClassifier();
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private static final String DSN = "From: MAILER-DAEMON@relay.test\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; relay.test\r\n"
            + "Original-Envelope-Id: send-1\r\n\r\nFinal-Recipient: rfc822; x@remote.test\r\nAction: delayed\r\n"
            + "Status: 4.4.1\r\n\r\n--b--\r\n";

    private static Envelope envelope(String mailFrom) {
        return new Envelope("in-1", mailFrom, List.of("app@agents.test"), "192.0.2.1", "relay.test", false, AT);
    }

    @Test
    void aDsnBecomesAReportWithTheEnvelopeOfTheRawMessage() {
        DsnReport report = CLASSIFIER.classify(envelope(""), DSN.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertEquals(new DsnReport(DsnReport.VERSION, "in-1", AT, "", List.of("app@agents.test"), "relay.test",
                "send-1", null, List.of(new DsnReport.Recipient("x@remote.test", null, "delayed", "4.4.1", null,
                        null))), report);
        assertEquals("send-1", report.key());
    }

    @Test
    void aDsnFromANonNullSenderIsStillADsn() {
        // some gateways send reports with a sender: the Content-Type decides, as it did in egress
        assertTrue(CLASSIFIER.classify(envelope("postmaster@relay.test"), DSN.getBytes(StandardCharsets.US_ASCII))
                .isPresent());
    }

    @Test
    void otherMailIsNoReport() {
        assertTrue(CLASSIFIER.classify(envelope(""), "Subject: away\r\n\r\nI am away.\r\n"
                .getBytes(StandardCharsets.US_ASCII)).isEmpty(), "null sender, no report");
        assertTrue(CLASSIFIER.classify(envelope("ann@example.org"), DSN.replace("delivery-status;",
                "disposition-notification;").getBytes(StandardCharsets.US_ASCII)).isEmpty(), "a read receipt");
        assertTrue(CLASSIFIER.classify(envelope(""), new byte[0]).isEmpty());
    }
}
