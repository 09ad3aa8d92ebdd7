package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.ascii;
import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.rawHeader;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.mail.address.AddressSyntax;
import dev.mailroom.mail.address.HeaderText;

class AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a@b.c",
        "first.last+tag@example.com",
        "a!#$%&'*+/=?^_`{|}~-z@example.com",
        "\"john doe\"@example.com",
        "\"a@b\\\"c\"@example.com",
        "user@localhost",
        "User@Sub-Domain.EXAMPLE.com",
        "user@bücher.de",
        "δοκιμή@παράδειγμα.δοκιμή",
        "用户@例子.测试",
    })
    void acceptsSaneAddresses(String address) {
        assertEquals(null, AddressSyntax.problem(address), address);
        MimeFixtures.Req r = req();
        r.to.set(0, EmailAddress.of(address));
        assertEquals(List.of(), MimeFixtures.BUILDER.problems(r.build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "plain",
        "@example.com",
        "user@",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a b@example.com",
        "a(comment)@example.com",
        "a@b@example.com",
        "\"unterminated@example.com",
        "\"\"@example.com",
        "a@exa_mple.com",
        "a@-example.com",
        "a@example-.com",
        "a@example..com",
        "a@example.com.",
        "a@[192.0.2.1]",
        "a@exa mple.com",
        "a\u00a0b@example.com",
    })
    void refusesBrokenAddresses(String address) {
        MimeFixtures.Req r = req();
        r.to.add(EmailAddress.of(address));
        List<Violation> problems = MimeFixtures.BUILDER.problems(r.build());
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("to[1].address", problems.get(0).field());
        assertThrows(IllegalArgumentException.class, () -> MimeBuilder.envelopeAddress(address));
    }

    @Test
    void enforcesLengthLimits() {
        assertEquals(null, AddressSyntax.problem("a".repeat(64) + "@example.com"));
        assertEquals("local part is longer than 64 octets", AddressSyntax.problem("a".repeat(65) + "@example.com"));
        // 64 + 1 + 189 = 254
        String domain189 = ("d".repeat(62) + ".").repeat(2) + "d".repeat(59) + ".com";
        assertEquals(189, domain189.length());
        assertEquals(null, AddressSyntax.problem("a".repeat(64) + "@" + domain189));
        assertEquals("is longer than 254 octets", AddressSyntax.problem("a".repeat(64) + "@x" + domain189));
        assertEquals("domain has a label longer than 63 octets",
                AddressSyntax.problem("a@" + "d".repeat(64) + ".com"));
        // the local part counts in UTF-8 octets: 33 two-octet characters are 66 octets
        assertEquals("local part is longer than 64 octets", AddressSyntax.problem("é".repeat(33) + "@example.com"));
    }

    @Test
    void idnDomainIsWrittenAsALabelsWithoutSmtpUtf8() {
        assertEquals("user@xn--bcher-kva.de", MimeBuilder.envelopeAddress("user@bücher.de"));
        assertEquals("info@xn--fsqu00a.xn--0zwm56d", MimeBuilder.envelopeAddress("info@例子.测试"));
        assertEquals("plain@example.com", MimeBuilder.envelopeAddress("plain@example.com"));
        MimeFixtures.Req r = req().from("Bücher", "verkauf@bücher.de");
        r.to.set(0, new EmailAddress(null, "kunde@müller.example"));
        BuiltMessage m = build(r);
        assertFalse(m.smtpUtf8());
        assertEquals("=?UTF-8?Q?B=C3=BCcher?= <verkauf@xn--bcher-kva.de>", rawHeader(m, "From"));
        assertEquals("kunde@xn--mller-kva.example", rawHeader(m, "To"));
        assertTrue(HeaderText.isAscii(ascii(m)));
        assertEquals("verkauf@xn--bcher-kva.de",
                MimeFixtures.parse(m).getFrom().get(0).getAddress());
    }

    @Test
    void utf8LocalPartIsWrittenRawAndNeedsSmtpUtf8() {
        MimeFixtures.Req r = req();
        r.to.set(0, new EmailAddress("Δοκιμή", "δοκιμή@example.gr"));
        BuiltMessage m = build(r);
        assertTrue(m.smtpUtf8());
        assertFalse(m.eightBit());
        byte[] expected = "δοκιμή@example.gr>".getBytes(StandardCharsets.UTF_8);
        assertTrue(ascii(m).contains("\r\nTo: =?UTF-8?B?"), ascii(m));
        assertTrue(indexOf(m.bytes(), expected) > 0, "raw UTF-8 local part in To");
        assertEquals("δοκιμή@example.gr", MimeBuilder.envelopeAddress("δοκιμή@example.gr"));
        assertEquals("δοκιμή@xn--hxajbheg2az3al.xn--jxalpdlp",
                MimeBuilder.envelopeAddress("δοκιμή@παράδειγμα.δοκιμή"));
    }

    @Test
    void utf8LocalPartOfABccAlsoNeedsSmtpUtf8() {
        MimeFixtures.Req r = req();
        r.bcc.add(EmailAddress.of("秘密@example.jp"));
        BuiltMessage m = build(r);
        assertTrue(m.smtpUtf8());
        assertFalse(ascii(m).contains("秘密"));
    }

    @Test
    void utf8MessageIdsAreWrittenRawNeedSmtpUtf8AndAreLimitedInOctets() {
        MimeFixtures.Req r = req();
        r.inReplyTo = "ответ@пример.рф";
        BuiltMessage m = build(r);
        assertTrue(m.smtpUtf8());
        assertEquals("<ответ@пример.рф>", rawHeader(m, "In-Reply-To"));
        assertTrue(MimeFixtures.BUILDER.build(req().build(), "<id@bücher.de>").smtpUtf8());

        r.inReplyTo = "я".repeat(449) + "@x"; // 900 octets
        MimeFixtures.assertWireFormat(build(r).bytes());
        r.inReplyTo = "я".repeat(450) + "@x";
        assertEquals(List.of(new Violation("in_reply_to", "is longer than 900 octets")),
                MimeFixtures.BUILDER.problems(r.build()));
    }

    @Test
    void asciiMessageIsNotSmtpUtf8() {
        assertFalse(build(req().subject("Grüße")).smtpUtf8());
    }

    @Test
    void violationsNameEachAddressField() {
        MimeFixtures.Req r = req().from("Ada", "not-an-address");
        r.to.add(EmailAddress.of("ok@example.com"));
        r.to.add(EmailAddress.of("bad@"));
        r.cc.add(EmailAddress.of("c@@example.com"));
        r.bcc.add(EmailAddress.of("b c@example.com"));
        r.replyTo.add(new EmailAddress("x".repeat(300), "r@example.com"));
        assertEquals(List.of("from.address", "to[2].address", "cc[0].address", "bcc[0].address", "reply_to[0].name"),
                MimeFixtures.BUILDER.problems(r.build()).stream().map(Violation::field).toList());
    }

    @Test
    void atLeastOneRecipientIsRequired() {
        MimeFixtures.Req r = req();
        r.to.clear();
        assertEquals(List.of(new Violation("to", "at least one recipient (to, cc or bcc) is required")),
                MimeFixtures.BUILDER.problems(r.build()));
        r.cc.add(EmailAddress.of("only-cc@example.com"));
        assertEquals(List.of(), MimeFixtures.BUILDER.problems(r.build()));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
