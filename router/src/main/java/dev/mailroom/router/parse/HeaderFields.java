package dev.mailroom.router.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * The header fields of one entity (the message or a body part), decoded and parsed leniently by mime4j.
 * <p>
 * RFC 6532: raw 8-bit bytes in a field are read as UTF-8 (as mime4j 0.8.14 does itself); where they are not valid
 * UTF-8 (legacy mailers writing Latin-1 or KOI8-R headers without encoded words) they are read as windows-1252
 * rather than turned into U+FFFD, so no byte is lost. RFC 2047 encoded words are decoded by mime4j's field parsers.
 */
final class HeaderFields {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final List<ParsedField> fields = new ArrayList<>();

    void add(Field raw) {
        fields.add(parse(raw));
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The first field of that name (case-insensitive), null when absent. */
    ParsedField first(String name) {
        for (ParsedField field : fields) {
            if (field.getName().equalsIgnoreCase(name)) {
                return field;
            }
        }
        return null;
    }

    /** Every field of that name, in header order. */
    List<ParsedField> all(String name) {
        List<ParsedField> out = new ArrayList<>();
        for (ParsedField field : fields) {
            if (field.getName().equalsIgnoreCase(name)) {
                out.add(field);
            }
        }
        return out;
    }

    /** The unfolded, trimmed body of the first field of that name, null when absent. */
    String value(String name) {
        ParsedField field = first(name);
        return field == null || field.getBody() == null ? null : MimeUtil.unfold(field.getBody()).trim();
    }

    /** The message ids ({@code <id>}, brackets removed) of every field of that name, in order. */
    List<String> messageIds(String name) {
        List<String> ids = new ArrayList<>();
        for (ParsedField field : all(name)) {
            Matcher m = MESSAGE_ID.matcher(field.getBody());
            while (m.find()) {
                ids.add(UntrustedText.cleanLine(m.group(1)));
            }
        }
        return ids;
    }

    /** The Message-ID without brackets; a bracket-less value as is; null when absent or blank. */
    String messageId() {
        String value = value("Message-ID");
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        return UntrustedText.cleanLine(m.find() ? m.group(1) : value);
    }

    private static ParsedField parse(Field raw) {
        String text = decode(raw);
        try {
            if (text != null) {
                return LenientFieldParser.parse(text, DecodeMonitor.SILENT);
            }
            return LenientFieldParser.getParser().parse(raw, DecodeMonitor.SILENT);
        } catch (MimeException | RuntimeException e) {
            // a field mime4j cannot parse stays an unstructured field of its raw text
            return LenientFieldParser.getParser().parse(
                    new org.apache.james.mime4j.stream.RawField(raw.getName(), raw.getBody()), DecodeMonitor.SILENT);
        }
    }

    /** The whole field as text when it holds 8-bit bytes that are not UTF-8; null to let mime4j read it. */
    private static String decode(Field raw) {
        ByteSequence bytes = raw.getRaw();
        if (bytes == null) {
            return null;
        }
        byte[] array = bytes.toByteArray();
        boolean ascii = true;
        for (byte b : array) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return null;
        }
        // mime4j re-encodes non-ASCII field text as UTF-8 and reads it back as UTF-8: the text survives
        return BodyCharset.guess(array);
    }
}
