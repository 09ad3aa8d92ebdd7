package dev.mailroom.mail.mime;

import static dev.mailroom.mail.mime.MimeFixtures.ascii;
import static dev.mailroom.mail.mime.MimeFixtures.assertWireFormat;
import static dev.mailroom.mail.mime.MimeFixtures.build;
import static dev.mailroom.mail.mime.MimeFixtures.parse;
import static dev.mailroom.mail.mime.MimeFixtures.parts;
import static dev.mailroom.mail.mime.MimeFixtures.req;
import static dev.mailroom.mail.mime.MimeFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;

class WireFormatTest {

    /** Pieces random input is made of: words, white space runs, long runs, UTF-8, quotes and MIME-ish noise. */
    private static final String[] PIECES = {"a", "word", " ", "  ", "\t", "=", "=?", "?=", "\"", "\\", ",", ";",
        ":", "<", ">", "@", ".", "-", "--", "_", "é", "ß", "€", "中文", "😀", "👩‍💻", "\u00a0", "x".repeat(120),
        "y".repeat(1100), "From ", "\r\n", "\n", "\r", "\r\n.\r\n", "=_mr_", "\u0000"};

    @Test
    void randomInputsGiveCrlfOnlyAndShortLinesAndRoundTrip() {
        Random random = new Random(20261123);
        int built = 0;
        for (int round = 0; round < 300; round++) {
            String subject = random(random, 30, false);
            String name = random(random, 6, false);
            String text = "T" + random(random, 80, true);
            String html = random.nextBoolean() ? "H" + random(random, 80, true) : null;
            String headerValue = random(random, 10, false).replace("y".repeat(1100), "y");
            MimeFixtures.Req r = req().from(name, "ada@example.com")
                    .subject(subject).text(text).html(html).header("X-Random", headerValue);
            byte[] content = new byte[random.nextInt(3000)];
            random.nextBytes(content);
            if (random.nextBoolean()) {
                r.attach(random(random, 4, false).replace("y".repeat(1100), "y").replace("\t", ""), null, content, null);
            }
            OutboundRequest request = r.build();
            List<Violation> problems = MimeFixtures.BUILDER.problems(request);
            if (!problems.isEmpty()) {
                // random names may hit a length limit; everything else is buildable
                assertTrue(problems.stream().allMatch(v -> v.detail().startsWith("is longer than")),
                        problems::toString);
                continue;
            }
            BuiltMessage m = MimeFixtures.BUILDER.build(request, "<r" + round + "@example.com>");
            built++;
            assertWireFormat(m.bytes());
            assertFalse(m.eightBit());
            assertFalse(m.smtpUtf8());
            Message parsed = parse(m);
            assertEquals(subject.strip(), parsed.getSubject() == null ? "" : parsed.getSubject().strip());
            Mailbox from = parsed.getFrom().get(0);
            assertEquals("ada@example.com", from.getAddress());
            if (!name.isBlank() && !name.contains("\u00a0")) {
                assertEquals(name.strip(), from.getName() == null ? "" : from.getName().strip(), "name " + round);
            }
            Entity body = parsed;
            if (!r.attachments.isEmpty()) {
                List<Entity> mixed = parts(parsed);
                assertArrayEquals(content, MimeFixtures.bytes(mixed.get(1)));
                body = mixed.get(0);
            }
            Entity textPart = html != null ? parts(body).get(0) : body;
            String expected = MimeBuilder.crlf(text);
            String actual = text(textPart);
            if (textPart == parsed && !expected.endsWith("\r\n")) {
                expected += "\r\n"; // a whole message ends with CRLF
            }
            assertEquals(expected, actual, "text " + round);
            if (html != null) {
                assertEquals(MimeBuilder.crlf(html), text(parts(body).get(1)), "html " + round);
            }
        }
        assertTrue(built >= 200, "built " + built + " of 300");
    }

    @Test
    void sameRequestSameIdSameClockGiveIdenticalBytes() {
        MimeFixtures.Req r = complex();
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(r.headers.keySet());
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.put(n, r.headers.get(n)));
        BuiltMessage a = new MimeBuilder(MimeFixtures.CLOCK).build(r.build(), "<same@example.com>");
        r.headers = reversed;
        BuiltMessage b = new MimeBuilder(MimeFixtures.CLOCK).build(r.build(), "<same@example.com>");
        assertArrayEquals(a.bytes(), b.bytes());

        BuiltMessage other = new MimeBuilder(MimeFixtures.CLOCK).build(r.build(), "<other@example.com>");
        assertNotEquals(boundaries(ascii(a)), boundaries(ascii(other)));
        BuiltMessage later = new MimeBuilder(Clock.fixed(Instant.parse("2026-11-23T15:04:06Z"), ZoneOffset.UTC))
                .build(r.build(), "<same@example.com>");
        assertFalse(java.util.Arrays.equals(a.bytes(), later.bytes()));
        assertEquals(boundaries(ascii(a)), boundaries(ascii(later)));
    }

    @Test
    void boundariesDifferPerDepthAndOccurOnlyAsDelimiters() {
        BuiltMessage m = build(complex());
        String all = ascii(m);
        List<String> boundaries = boundaries(all);
        assertEquals(3, boundaries.size(), boundaries::toString);
        assertEquals(3, boundaries.stream().distinct().count());
        for (int depth = 0; depth < 3; depth++) {
            assertEquals(MimeBuilder.boundary(MimeFixtures.MESSAGE_ID, depth), boundaries.get(depth));
        }
        for (String boundary : boundaries) {
            int occurrences = 0;
            for (int i = all.indexOf(boundary); i >= 0; i = all.indexOf(boundary, i + 1)) {
                occurrences++;
                boolean param = all.startsWith("boundary=\"", i - 10);
                boolean delimiter = all.startsWith("\r\n--", i - 4);
                assertTrue(param || delimiter, "boundary outside a delimiter at " + i);
            }
            assertTrue(occurrences >= 3, boundary);
        }
        assertTrue(all.contains("--=_mr_"));
    }

    private static MimeFixtures.Req complex() {
        MimeFixtures.Req r = req().subject("Résumé attached").text("see =_mr_ inline =3D").html("<img src=cid:i>")
                .header("X-B", "b").header("X-A", "ä").header("x-c", "c")
                .attach("pic.png", "image/png", new byte[] {1, 2, 3}, "i")
                .attach("doc.pdf", "application/pdf", new byte[] {4, 5}, null);
        r.cc.add(new EmailAddress("Carol", "carol@example.org"));
        return r;
    }

    private static List<String> boundaries(String message) {
        Matcher matcher = Pattern.compile("boundary=\"([^\"]+)\"").matcher(message);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String random(Random random, int maxPieces, boolean lineBreaks) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            if (!lineBreaks && (piece.contains("\r") || piece.contains("\n") || piece.contains("\u0000"))) {
                continue;
            }
            sb.append(piece);
        }
        return sb.toString();
    }
}
