package dev.mailroom.mail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;

/** Requests, parsing with Apache mime4j, and wire-format checks for the MIME tests. */
final class MimeFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:04:05Z"), ZoneOffset.UTC);
    static final String MESSAGE_ID = "<send-1@example.com>";
    static final MimeBuilder BUILDER = new MimeBuilder(CLOCK);

    private MimeFixtures() {
    }

    /** A mutable request builder; the defaults make a valid text-only message. */
    static final class Req {
        EmailAddress from = new EmailAddress("Ada", "ada@example.com");
        List<EmailAddress> to = new ArrayList<>(List.of(EmailAddress.of("bob@example.org")));
        List<EmailAddress> cc = new ArrayList<>();
        List<EmailAddress> bcc = new ArrayList<>();
        List<EmailAddress> replyTo = new ArrayList<>();
        String subject = "Hello";
        String text = "Hi Bob\n";
        String html;
        String inReplyTo;
        List<String> references = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        AgentRef agent;
        List<OutboundRequest.Attachment> attachments = new ArrayList<>();
        List<String> tags = new ArrayList<>();

        Req from(String name, String address) {
            from = new EmailAddress(name, address);
            return this;
        }

        Req to(String... addresses) {
            to.clear();
            for (String a : addresses) {
                to.add(EmailAddress.of(a));
            }
            return this;
        }

        Req subject(String s) {
            subject = s;
            return this;
        }

        Req text(String s) {
            text = s;
            return this;
        }

        Req html(String s) {
            html = s;
            return this;
        }

        Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Req attach(String filename, String contentType, byte[] content, String contentId) {
            attachments.add(new OutboundRequest.Attachment(filename, contentType,
                    Base64.getEncoder().encodeToString(content), contentId));
            return this;
        }

        OutboundRequest build() {
            return new OutboundRequest(OutboundRequest.VERSION, "send-1", from, to, cc, bcc, replyTo, subject, text,
                    html, inReplyTo, references, headers, agent, null, null, attachments, tags);
        }
    }

    static Req req() {
        return new Req();
    }

    static BuiltMessage build(Req req) {
        return BUILDER.build(req.build(), MESSAGE_ID);
    }

    static String ascii(BuiltMessage m) {
        return new String(m.bytes(), StandardCharsets.UTF_8);
    }

    static Message parse(BuiltMessage m) {
        return parse(m.bytes());
    }

    static Message parse(byte[] bytes) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.STRICT);
        try {
            return builder.parseMessage(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded content of a single part as text (the declared charset). */
    static String text(Entity entity) {
        Body body = entity.getBody();
        if (!(body instanceof TextBody t)) {
            fail("not a text body: " + entity.getMimeType());
            return null;
        }
        assertEquals("utf-8", entity.getCharset().toLowerCase());
        try (InputStream in = t.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded content of a single part as bytes. */
    static byte[] bytes(Entity entity) {
        try (InputStream in = ((SingleBody) entity.getBody()).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entity> parts(Entity entity) {
        assertTrue(entity.isMultipart(), () -> "not multipart: " + entity.getMimeType());
        return ((Multipart) entity.getBody()).getBodyParts();
    }

    /** The unfolded value of the first field of that name in the top-level header section, or null. */
    static String rawHeader(BuiltMessage m, String name) {
        String head = ascii(m);
        head = head.substring(0, head.indexOf("\r\n\r\n") + 2).replace("\r\n ", " ").replace("\r\n\t", "\t");
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The names of the top-level header fields, in order. */
    static List<String> headerNames(BuiltMessage m) {
        String head = ascii(m);
        head = head.substring(0, head.indexOf("\r\n\r\n"));
        List<String> names = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (!line.startsWith(" ") && !line.startsWith("\t")) {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        return names;
    }

    /** Asserts CRLF line ends only and no line over 998 octets (CRLF excluded); returns the longest line. */
    static int assertWireFormat(byte[] bytes) {
        int longest = 0;
        int line = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r') {
                assertTrue(i + 1 < bytes.length && bytes[i + 1] == '\n', "bare CR at " + i);
                i++;
                line = 0;
            } else {
                assertTrue(bytes[i] != '\n', "bare LF at " + i);
                line++;
                longest = Math.max(longest, line);
                assertTrue(line <= 998, "line over 998 octets at " + i);
            }
        }
        assertTrue(bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n',
                "message ends with CRLF");
        return longest;
    }

    /** The header lines (top-level section) must all be within 78 characters. */
    static void assertHeaderLinesWithin78(BuiltMessage m) {
        String all = ascii(m);
        for (String line : all.substring(0, all.indexOf("\r\n\r\n")).split("\r\n")) {
            assertTrue(line.codePointCount(0, line.length()) <= 78, () -> "header line over 78: " + line);
        }
    }
}
