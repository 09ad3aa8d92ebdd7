package dev.mailroom.router.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;

/**
 * Parses raw RFC 5322 bytes with Apache mime4j. Lenient where real mail is sloppy (unknown charsets fall back,
 * malformed addresses are skipped), strict where a message is not a message: no header field at all, or limits
 * (header size and count) exceeded, is {@link UnparseableMessageException}.
 */
@ApplicationScoped
public class MessageParser {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final MimeConfig config = new MimeConfig.Builder()
            .setMaxLineLen(-1)
            .setMaxHeaderCount(1000)
            .setMaxHeaderLen(256 * 1024)
            .setMaxContentLen(-1)
            .build();

    public ParsedMessage parse(byte[] raw) throws UnparseableMessageException {
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(config);
            builder.setDecodeMonitor(DecodeMonitor.SILENT);
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (MimeIOException e) {
            throw new UnparseableMessageException("mime: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new UnparseableMessageException("cannot read message: " + e.getMessage(), e);
        }
        try {
            if (message.getHeader() == null || message.getHeader().getFields().isEmpty()) {
                throw new UnparseableMessageException("no header fields");
            }
            Bodies bodies = new Bodies();
            collect(message, bodies);
            return new ParsedMessage(
                    firstId(message.getMessageId()),
                    ids(message, "In-Reply-To"),
                    ids(message, "References"),
                    first(message.getFrom()),
                    mailboxes(message.getReplyTo()),
                    mailboxes(message.getTo()),
                    mailboxes(message.getCc()),
                    message.getSubject(),
                    message.getDate() == null ? null : message.getDate().toInstant(),
                    bodies.text,
                    bodies.html,
                    bodies.attachments);
        } catch (IOException | RuntimeException e) {
            throw new UnparseableMessageException("cannot decode message: " + e, e);
        } finally {
            message.dispose();
        }
    }

    private static final class Bodies {
        String text;
        String html;
        final List<ParsedMessage.Attachment> attachments = new ArrayList<>();
    }

    /** Depth-first: the first inline text/plain and text/html are the bodies, every other leaf an attachment. */
    private static void collect(Entity entity, Bodies bodies) throws IOException {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                collect(part, bodies);
            }
            return;
        }
        if (body instanceof Message nested && !(entity instanceof Message)) {
            bodies.attachments.add(new ParsedMessage.Attachment(entity.getFilename(), "message/rfc822", -1));
            return;
        }
        String mimeType = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
        boolean inline = !"attachment".equalsIgnoreCase(entity.getDispositionType()) && entity.getFilename() == null;
        if (inline && body instanceof TextBody text) {
            if (mimeType.equals("text/plain") && bodies.text == null) {
                bodies.text = read(text, entity.getCharset());
                return;
            }
            if (mimeType.equals("text/html") && bodies.html == null) {
                bodies.html = read(text, entity.getCharset());
                return;
            }
        }
        long size = body instanceof SingleBody single ? count(single) : -1;
        bodies.attachments.add(new ParsedMessage.Attachment(entity.getFilename(), mimeType, size));
    }

    private static String read(TextBody body, String charset) throws IOException {
        try (Reader reader = body.getReader()) {
            StringWriter out = new StringWriter();
            reader.transferTo(out);
            return out.toString();
        } catch (java.io.UnsupportedEncodingException | java.nio.charset.UnsupportedCharsetException e) {
            // unknown charset label: keep the text readable rather than refusing the message
            try (InputStream in = body.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static long count(SingleBody body) throws IOException {
        try (InputStream in = body.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static List<String> ids(Message message, String fieldName) {
        List<String> ids = new ArrayList<>();
        for (Field field : message.getHeader().getFields(fieldName)) {
            Matcher m = MESSAGE_ID.matcher(field.getBody());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static String firstId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        return m.find() ? m.group(1) : (value.isBlank() ? null : value.trim());
    }

    private static EmailAddress first(MailboxList list) {
        List<EmailAddress> all = mailboxes(list);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<EmailAddress> mailboxes(Iterable<? extends org.apache.james.mime4j.dom.address.Address> list) {
        List<EmailAddress> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        MailboxList flat = list instanceof AddressList a ? a.flatten() : (MailboxList) list;
        for (Mailbox mailbox : flat) {
            if (mailbox.getLocalPart() != null && !mailbox.getLocalPart().isEmpty()) {
                out.add(new EmailAddress(mailbox.getName(), mailbox.getAddress()));
            }
        }
        return out;
    }
}
