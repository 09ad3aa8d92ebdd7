package dev.mailroom.router.parse;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;

import dev.mailroom.contract.ParsedMessage.Attachment;

/**
 * Receives mime4j's parse events (content transfer encodings already decoded) and sorts the leaves: the first
 * inline text/plain part is the text body, the first inline text/html part the HTML body, every other leaf an
 * attachment with its size, SHA-256, Content-ID and content. A message/rfc822 part is not descended into: it is
 * one attachment whose content is the enclosed message's bytes, so what a sender forwarded stays apart from what
 * they wrote. One instance per message; not thread-safe.
 */
final class PartCollector extends AbstractContentHandler {

    private final ParseLimits limits;
    private final Deque<HeaderFields> open = new ArrayDeque<>();
    private long carryBudget;

    HeaderFields messageHeader;
    String text;
    String html;
    final List<Attachment> attachments = new ArrayList<>();

    PartCollector(ParseLimits limits) {
        this.limits = limits;
        this.carryBudget = limits.maxCarriedAttachmentBytes();
    }

    @Override
    public void startMessage() throws MimeException {
        enter();
    }

    @Override
    public void endMessage() {
        open.pop();
    }

    @Override
    public void startBodyPart() throws MimeException {
        enter();
    }

    @Override
    public void endBodyPart() {
        open.pop();
    }

    private void enter() throws MimeException {
        if (open.size() >= limits.maxNestingDepth()) {
            throw new MimeException("multipart nesting deeper than " + limits.maxNestingDepth());
        }
        open.push(new HeaderFields());
    }

    @Override
    public void field(Field field) {
        open.peek().add(field);
    }

    @Override
    public void endHeader() {
        if (messageHeader == null) {
            messageHeader = open.peek();
        }
    }

    @Override
    public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
        HeaderFields header = open.peek();
        byte[] bytes = in.readAllBytes();
        String mimeType = descriptor.getMimeType() == null ? "text/plain"
                : descriptor.getMimeType().toLowerCase(Locale.ROOT);
        ContentDispositionField disposition = header.first("Content-Disposition") instanceof ContentDispositionField d
                ? d : null;
        String filename = filename(header, disposition);
        boolean inline = (disposition == null || !disposition.isAttachment()) && filename == null;
        String charset = charset(header);
        if (inline && mimeType.equals("text/plain") && text == null) {
            text = BodyCharset.decode(bytes, charset);
            return;
        }
        if (inline && mimeType.equals("text/html") && html == null) {
            html = BodyCharset.decode(bytes, charset);
            return;
        }
        String content = null;
        if (bytes.length <= carryBudget) {
            content = Base64.getEncoder().encodeToString(bytes);
            carryBudget -= bytes.length;
        }
        attachments.add(new Attachment(filename, mimeType, bytes.length, sha256(bytes), contentId(header), content));
    }

    private static String charset(HeaderFields header) {
        return header.first("Content-Type") instanceof ContentTypeField type ? type.getCharset() : null;
    }

    /**
     * Content-Disposition filename (RFC 2231 continuations and charsets decoded by mime4j), else the Content-Type
     * name; RFC 2047 encoded words decoded; cleaned and reduced to its last path segment so that a name like
     * {@code ../../x} cannot point outside a folder. Null when none or blank.
     */
    static String filename(HeaderFields header, ContentDispositionField disposition) {
        String name = disposition == null ? null : disposition.getFilename();
        if ((name == null || name.isBlank()) && header.first("Content-Type") instanceof ContentTypeField type) {
            name = type.getParameter("name");
        }
        if (name == null) {
            return null;
        }
        if (name.contains("=?")) {
            name = DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
        }
        name = UntrustedText.cleanLine(name);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).trim();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
    }

    private static String contentId(HeaderFields header) {
        ParsedField field = header.first("Content-ID");
        if (field == null || field.getBody() == null) {
            return null;
        }
        String id = UntrustedText.cleanLine(field.getBody());
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1).trim();
        }
        return id.isEmpty() ? null : id;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
