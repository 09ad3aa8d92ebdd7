package dev.mailroom.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import dev.mailroom.mail.html.HtmlText;

/**
 * An attached e-mail ({@code message/rfc822}) with mime4j: its Subject, From, To, Cc and Date (RFC 2047 decoded),
 * its text body (the first text/plain part, else the first text/html part as text), then the names of its
 * attachments, those of attached e-mails inside it too (as {@code name (in: subject)}), multiparts and nesting read
 * to {@link Limits#maxNesting()} levels.
 */
final class MessageText {

    private static final String[] HEADERS = {"Subject", "From", "To", "Cc", "Date"};

    private MessageText() {
    }

    static void read(byte[] content, Limits limits, TextSink sink) throws IOException {
        Message message = parse(content);
        try {
            for (String name : HEADERS) {
                Field field = message.getHeader() == null ? null : message.getHeader().getField(name);
                if (field != null && field.getBody() != null) {
                    sink.append(name + ": " + DecoderUtil.decodeEncodedWords(field.getBody(), DecodeMonitor.SILENT));
                    sink.endLine();
                }
            }
            sink.blankLine();
            Walk walk = new Walk(limits, sink);
            walk.entity(message, 0, null);
            if (walk.plain != null) {
                sink.append(walk.plain);
            } else if (walk.html != null) {
                sink.append(HtmlText.toText(walk.html, false));
            }
            if (!walk.attachments.isEmpty()) {
                sink.blankLine();
                sink.append("Attachments:");
                sink.endLine();
                for (String name : walk.attachments) {
                    sink.append("- " + name);
                    sink.endLine();
                }
            }
        } finally {
            message.dispose();
        }
    }

    private static Message parse(byte[] content) throws IOException {
        MimeConfig config = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(2000)
                .setMaxContentLen(-1).build();
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(config);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        return builder.parseMessage(new ByteArrayInputStream(content));
    }

    /** The depth-first walk collecting the body and attachment names. */
    private static final class Walk {
        private final Limits limits;
        private final TextSink sink;
        private final List<String> attachments = new ArrayList<>();
        private String plain;
        private String html;

        Walk(Limits limits, TextSink sink) {
            this.limits = limits;
            this.sink = sink;
        }

        /** {@code in}: the subject of the attached message this entity is in, null at the top level. */
        void entity(Entity entity, int depth, String in) throws IOException {
            sink.check();
            if (depth > limits.maxNesting()) {
                return;
            }
            Body body = entity.getBody();
            String filename = entity.getFilename() == null ? null
                    : DecoderUtil.decodeEncodedWords(entity.getFilename(), DecodeMonitor.SILENT);
            boolean attachment = filename != null || "attachment".equalsIgnoreCase(entity.getDispositionType());
            if (body instanceof Multipart multipart) {
                for (Entity part : multipart.getBodyParts()) {
                    entity(part, depth + 1, in);
                }
            } else if (body instanceof Message nested) {
                String subject = nested.getSubject() == null ? "" : nested.getSubject();
                name(filename != null ? filename : "(e-mail) " + subject, in);
                entity(nested, depth + 1, subject);
            } else if (attachment || in != null) {
                if (attachment) {
                    name(filename != null ? filename : "(unnamed " + entity.getMimeType() + ")", in);
                }
            } else if (body instanceof TextBody text) {
                if ("text/plain".equalsIgnoreCase(entity.getMimeType()) && plain == null) {
                    plain = read(text);
                } else if ("text/html".equalsIgnoreCase(entity.getMimeType()) && html == null) {
                    html = read(text);
                }
            }
        }

        private void name(String name, String in) {
            attachments.add(in == null ? name : name + " (in: " + in + ")");
        }

        /** The body's text, at most one character more than the sink takes. */
        private String read(TextBody text) throws IOException {
            StringBuilder out = new StringBuilder();
            char[] buf = new char[8192];
            try (Reader reader = text.getReader()) {
                int n;
                while (out.length() <= limits.maxChars() && (n = reader.read(buf)) > 0) {
                    out.append(buf, 0, n);
                    sink.check();
                }
            }
            return out.toString();
        }
    }
}
