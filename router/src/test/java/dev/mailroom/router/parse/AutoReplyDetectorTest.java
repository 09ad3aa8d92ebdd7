package dev.mailroom.router.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoReplyDetectorTest {

    private final MessageParser parser = new MessageParser();

    private String verdict(String headerLines) throws UnparseableMessageException {
        String raw = "From: someone@example.org\r\nSubject: hi\r\n" + headerLines.replace("|", "\r\n")
                + "\r\n\r\nbody\r\n";
        return parser.parse(raw.getBytes(StandardCharsets.US_ASCII)).autoReply();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " = ", value = {
            "Auto-Submitted: auto-replied = auto-submitted: auto-replied",
            "Auto-Submitted: Auto-Generated (vacation) = auto-submitted: auto-generated",
            "auto-submitted: auto-notified; owner-email=\"a@x\" = auto-submitted: auto-notified",
            "Precedence: bulk = precedence: bulk",
            "Precedence: JUNK = precedence: junk",
            "Precedence: list = precedence: list",
            "X-Auto-Response-Suppress: All = x-auto-response-suppress: all",
            "X-Auto-Response-Suppress: DR, RN, NRN, OOF = x-auto-response-suppress: dr, rn, nrn, oof",
            "X-Autoreply: yes = x-autoreply: yes",
            "X-Autorespond: Out of office = x-autorespond: out of office",
            "List-Id: Team <team.lists.example.org> = list: list-id",
            "List-Unsubscribe: <mailto:leave@example.org> = list: list-unsubscribe",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=b = multipart/report: delivery-status",
            "Auto-Submitted: auto-replied|Precedence: bulk = auto-submitted: auto-replied",
    })
    void robotsAreRecognisedWithTheirReason(String header, String reason) throws Exception {
        assertEquals(reason, verdict(header));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " = ", value = {
            "X-Mailer: Thunderbird",
            "Auto-Submitted: no",
            "Auto-Submitted: No (written by a person)",
            "Precedence: first-class",
            "X-Auto-Response-Suppress: None",
            "Content-Type: multipart/mixed; boundary=b",
    })
    void peopleAreNotRobots(String header) throws Exception {
        assertNull(verdict(header));
    }
}
