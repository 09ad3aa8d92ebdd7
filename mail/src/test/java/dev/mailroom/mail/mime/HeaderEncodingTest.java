package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.ascii;
import static dev.mailroom.mail.mime.MimeFixtures.assertHeaderLinesWithin78;
import static dev.mailroom.mail.mime.MimeFixtures.assertWireFormat;
import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.parse;
import static dev.mailroom.mail.mime.MimeFixtures.rawHeader;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.mail.address.HeaderText;

class HeaderEncodingTest {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?([BQ])\\?([^?]*)\\?=");

    @Test
    void asciiSubjectStaysAsItIs() {
        BuiltMessage m = build(req().subject("Quarterly report: 3 items, 100% done (really!)"));
        assertTrue(ascii(m).contains("\r\nSubject: Quarterly report: 3 items, 100% done (really!)\r\n"));
        assertEquals("Quarterly report: 3 items, 100% done (really!)", parse(m).getSubject());
    }

    @Test
    void longAsciiSubjectIsFoldedAtWhiteSpaceAndRoundTrips() {
        String subject = "This subject is long: " + "lorem ipsum dolor sit amet ".repeat(12) + "end";
        BuiltMessage m = build(req().subject(subject));
        String all = ascii(m);
        assertFalse(all.contains("=?"), "ASCII subject must not be encoded");
        String folded = all.substring(all.indexOf("\r\nSubject:") + 2, all.indexOf("\r\nMessage-ID:"));
        assertTrue(folded.split("\r\n").length >= 4, folded);
        assertHeaderLinesWithin78(m);
        assertEquals(subject, parse(m).getSubject());
    }

    @Test
    void asciiThatLooksLikeAnEncodedWordIsEncodedSoItReadsLiterally() {
        String subject = "literal =?UTF-8?B?SGk=?= here";
        BuiltMessage m = build(req().subject(subject));
        assertFalse(rawHeader(m, "Subject").contains("=?UTF-8?B?SGk=?="), rawHeader(m, "Subject"));
        assertEquals(subject, parse(m).getSubject());
    }

    @Test
    void asciiSubjectWithAnUnfoldableWordFallsBackToEncodedWords() {
        String subject = "x".repeat(1500);
        BuiltMessage m = build(req().subject(subject));
        assertWireFormat(m.bytes());
        assertHeaderLinesWithin78(m);
        assertEquals(subject, parse(m).getSubject());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Grüße aus München",
        "日本語の件名です",
        "Party 🎉🚀 tonight 👩‍👩‍👧‍👦",
        "Ünïcödé? yes = no_way_",
        "  leading and trailing  é  ",
        "中文主题，包括标点符号。很长的主题需要折叠成多行，每个编码字不超过七十五个字符，而且不能把一个多字节字符分开。"
                + "中文主题，包括标点符号。很长的主题需要折叠成多行，每个编码字不超过七十五个字符。",
        "Ça va? Très bien! Long French subject with accents éèêë àâä ôö ûü ç and more text to force folding of"
                + " the encoded words onto continuation lines, œ Œ æ Æ — fin.",
    })
    void utf8SubjectBecomesEncodedWordsThatRoundTrip(String subject) throws CharacterCodingException {
        BuiltMessage m = build(req().subject(subject));
        String raw = rawHeader(m, "Subject");
        assertTrue(HeaderText.isAscii(raw), raw);
        assertHeaderLinesWithin78(m);
        List<String> words = encodedWords(raw);
        assertFalse(words.isEmpty(), raw);
        StringBuilder joined = new StringBuilder();
        for (String word : words) {
            assertTrue(word.length() <= 75, () -> "encoded-word over 75: " + word);
            // every word on its own must be complete UTF-8: no character is split across words
            joined.append(strictUtf8(decodeWord(word)));
        }
        assertEquals(subject, joined.toString());
        String parsed = parse(m).getSubject();
        assertEquals(subject.strip(), parsed.strip());
        if (!subject.startsWith(" ")) {
            assertEquals(subject, parsed);
        }
    }

    @Test
    void longUtf8SubjectUsesSeveralLines() {
        String subject = "Привет, это длинная тема письма ".repeat(8);
        BuiltMessage m = build(req().subject(subject));
        String all = ascii(m);
        String folded = all.substring(all.indexOf("\r\nSubject:") + 2, all.indexOf("\r\nMessage-ID:"));
        assertTrue(folded.split("\r\n").length >= 5, folded);
        assertEquals(subject, parse(m).getSubject());
    }

    @Test
    void displayNamesAreAtomsQuotedStringsOrEncodedWords() {
        MimeFixtures.Req r = req().from("Ada Lovelace", "ada@example.com");
        r.to.clear();
        r.to.add(new EmailAddress("Doe, John", "john@example.com"));
        r.to.add(new EmailAddress("He said \"hi\" \\o/", "he@example.com"));
        r.to.add(new EmailAddress("Jürgen Groß", "juergen@example.de"));
        r.to.add(new EmailAddress("李小龍", "lee@example.cn"));
        r.to.add(new EmailAddress("Emoji 🦄 Unicorn", "uni@example.com"));
        r.to.add(new EmailAddress("J. R. R. Tolkien", "jrr@example.com"));
        r.to.add(new EmailAddress(" ", "blank@example.com"));
        BuiltMessage m = build(r);
        assertEquals("Ada Lovelace <ada@example.com>", rawHeader(m, "From"));
        String to = rawHeader(m, "To");
        assertTrue(to.startsWith("\"Doe, John\" <john@example.com>, \"He said \\\"hi\\\" \\\\o/\" <he@example.com>,"),
                to);
        assertTrue(to.contains("\"J. R. R. Tolkien\" <jrr@example.com>"), to);
        assertTrue(to.endsWith(", blank@example.com"), to);
        assertTrue(HeaderText.isAscii(to));
        assertHeaderLinesWithin78(m);

        Message parsed = parse(m);
        assertEquals("Ada Lovelace", parsed.getFrom().get(0).getName());
        List<Mailbox> mailboxes = parsed.getTo().flatten();
        assertEquals(List.of("Doe, John", "He said \"hi\" \\o/", "Jürgen Groß", "李小龍", "Emoji 🦄 Unicorn",
                "J. R. R. Tolkien"), mailboxes.subList(0, 6).stream().map(Mailbox::getName).toList());
        assertEquals(List.of("john@example.com", "he@example.com", "juergen@example.de", "lee@example.cn",
                "uni@example.com", "jrr@example.com", "blank@example.com"),
                mailboxes.stream().map(Mailbox::getAddress).toList());
    }

    @Test
    void longDisplayNameIsFolded() {
        String name = "Ölçek ".repeat(30).strip();
        MimeFixtures.Req r = req();
        r.replyTo.add(new EmailAddress(name, "long@example.com"));
        BuiltMessage m = build(r);
        assertHeaderLinesWithin78(m);
        Mailbox mb = parse(m).getReplyTo().flatten().get(0);
        assertEquals(name, mb.getName());
        assertEquals("long@example.com", mb.getAddress());
    }

    @Test
    void nonAsciiCustomHeaderValueIsEncoded() {
        BuiltMessage m = build(req().header("X-Note", "naïve café ☕").header("X-Plain", "just ascii =?not?= encoded"));
        String raw = rawHeader(m, "X-Note");
        assertTrue(raw.startsWith("=?UTF-8?"), raw);
        assertEquals("naïve café ☕", DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT));
        assertEquals("just ascii =?not?= encoded", rawHeader(m, "X-Plain"));
        Message parsed = parse(m);
        assertEquals("naïve café ☕",
                DecoderUtil.decodeEncodedWords(parsed.getHeader().getField("X-Note").getBody(), DecodeMonitor.SILENT));
    }

    @Test
    void longCustomHeaderValueIsFolded() {
        String value = "token-" + "abc def ".repeat(40);
        BuiltMessage m = build(req().header("X-Long", value));
        assertHeaderLinesWithin78(m);
        assertEquals(value.strip(), rawHeader(m, "X-Long"));
    }

    @Test
    void manyReferencesGoOnePerLine() {
        MimeFixtures.Req r = req();
        for (int i = 0; i < 6; i++) {
            r.references.add("message-" + i + "@mail.example.org");
        }
        r.references.add("<bracketed@example.org>");
        r.inReplyTo = "<bracketed@example.org>";
        BuiltMessage m = build(r);
        String all = ascii(m);
        String refs = all.substring(all.indexOf("\r\nReferences:") + 2, all.indexOf("\r\nMIME-Version:"));
        assertEquals(List.of("References: <message-0@mail.example.org>", " <message-1@mail.example.org>",
                " <message-2@mail.example.org>", " <message-3@mail.example.org>", " <message-4@mail.example.org>",
                " <message-5@mail.example.org>", " <bracketed@example.org>"), List.of(refs.split("\r\n")));
        assertEquals("<bracketed@example.org>", rawHeader(m, "In-Reply-To"));
    }

    private static List<String> encodedWords(String raw) {
        Matcher matcher = ENCODED_WORD.matcher(raw);
        List<String> words = new java.util.ArrayList<>();
        while (matcher.find()) {
            words.add(matcher.group());
        }
        assertEquals(raw.replaceAll("\\s+", ""), String.join("", words), "only encoded-words and white space");
        return words;
    }

    private static byte[] decodeWord(String word) {
        Matcher matcher = ENCODED_WORD.matcher(word);
        assertTrue(matcher.matches());
        String text = matcher.group(2);
        if (matcher.group(1).equals("B")) {
            return Base64.getDecoder().decode(text);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c > ' ' && c < 0x7f && c != '?', "Q text character " + c);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=') {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                assertTrue(Character.isLetterOrDigit(c) || "!*+-/".indexOf(c) >= 0, "unsafe Q character " + c);
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
