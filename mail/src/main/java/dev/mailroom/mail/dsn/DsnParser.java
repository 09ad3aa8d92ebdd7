package dev.mailroom.mail.dsn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads delivery status notifications (RFC 3464): a message whose top-level {@code Content-Type} is
 * {@code multipart/report; report-type=delivery-status} (RFC 6522), with a {@code message/delivery-status} part
 * (or {@code message/global-delivery-status}, RFC 6533) and usually the returned message or its header
 * ({@code message/rfc822}, {@code text/rfc822-headers}, {@code message/global}, {@code message/global-headers}).
 * <p>
 * The {@code delivery-status} body is header-style fields in groups separated by blank lines: per-message fields
 * ({@code Reporting-MTA}, {@code Original-Envelope-Id}…), then one group per recipient ({@code Final-Recipient},
 * {@code Action}, {@code Status}, {@code Remote-MTA}, {@code Diagnostic-Code}…). Field names are case-insensitive,
 * values may be folded. A group is a recipient's when it names a recipient; the per-message fields are taken from
 * wherever they appear, since real reports are not always laid out as the RFC says.
 * <p>
 * Pure, stateless and thread-safe. Never throws on bad input: anything that is not a usable DSN (not a report,
 * another report type, no delivery-status part, no recipient) gives {@link Optional#empty()}. Bounded: only the
 * first {@link #MAX_INPUT_BYTES} of a message are read (the report parts come before the returned message), at
 * most {@link #MAX_PART_BYTES} of each part, {@link #MAX_RECIPIENTS} recipients and {@link #MAX_VALUE_CHARS} per
 * field value. mime4j's streaming parser splits the parts (boundaries, transfer encodings).
 */
public final class DsnParser {

    /** Bytes of a message read at most; the rest (a long returned message) is never looked at. */
    public static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;
    /** Bytes read at most of the delivery-status part and of the returned header. */
    public static final int MAX_PART_BYTES = 256 * 1024;
    /** Per-recipient blocks kept at most. */
    public static final int MAX_RECIPIENTS = 1000;
    /** Characters kept at most of one field value. */
    public static final int MAX_VALUE_CHARS = 2000;
    /** Bytes of the top-level header {@link #looksLikeDsn} looks at. */
    static final int MAX_HEADER_SCAN = 64 * 1024;

    private static final Set<String> REPORT_TYPES = Set.of("delivery-status", "global-delivery-status");
    private static final Set<String> STATUS_PARTS = Set.of("message/delivery-status",
            "message/global-delivery-status");
    private static final Set<String> RETURNED_PARTS = Set.of("text/rfc822-headers", "message/rfc822",
            "message/global", "message/global-headers");
    private static final Pattern STATUS = Pattern.compile("(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9])");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z-]*");
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private DsnParser() {
    }

    /**
     * Cheap pre-check on raw message bytes: the top-level header (its first {@value #MAX_HEADER_SCAN} bytes) has a
     * {@code Content-Type} of {@code multipart/report} with {@code report-type=delivery-status} (case-insensitive).
     * No MIME parsing; most inbound mail stops here.
     */
    public static boolean looksLikeDsn(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return false;
        }
        String head = new String(raw, 0, Math.min(raw.length, MAX_HEADER_SCAN), StandardCharsets.ISO_8859_1);
        List<Map<String, String>> header = groups(head, 1);
        return !header.isEmpty() && isReport(header.get(0).get("content-type"));
    }

    /** Parses {@code raw} as a DSN; empty when it is not one or is unusable. Never throws. */
    public static Optional<Dsn> parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return Optional.empty();
        }
        try {
            Collector parts = new Collector();
            MimeStreamParser parser = new MimeStreamParser(MimeConfig.custom()
                    .setMaxLineLen(-1)
                    .setMaxHeaderCount(1000)
                    .setMaxHeaderLen(MAX_PART_BYTES)
                    .setMaxContentLen(-1)
                    .build(), DecodeMonitor.SILENT, null);
            parser.setContentDecoding(true);
            parser.setNoRecurse();
            parser.setContentHandler(parts);
            try {
                parser.parse(new ByteArrayInputStream(raw, 0, Math.min(raw.length, MAX_INPUT_BYTES)));
            } catch (Done done) {
                // seen enough
            }
            if (!parts.report || parts.deliveryStatus == null) {
                return Optional.empty();
            }
            return build(parts.deliveryStatus, parts.returnedHeader);
        } catch (MimeException | IOException | RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private static Optional<Dsn> build(String deliveryStatus, String returnedHeader) {
        String envelopeId = null;
        String reportingMta = null;
        List<Dsn.Recipient> recipients = new ArrayList<>();
        for (Map<String, String> group : groups(deliveryStatus, MAX_RECIPIENTS + 16)) {
            if (envelopeId == null) {
                envelopeId = blankToNull(group.get("original-envelope-id"));
            }
            if (reportingMta == null) {
                reportingMta = typed(group.get("reporting-mta"));
            }
            String finalRecipient = address(group.get("final-recipient"));
            String originalRecipient = address(group.get("original-recipient"));
            if ((finalRecipient != null || originalRecipient != null) && recipients.size() < MAX_RECIPIENTS) {
                recipients.add(new Dsn.Recipient(finalRecipient, originalRecipient, action(group.get("action")),
                        status(group.get("status")), blankToNull(group.get("diagnostic-code")),
                        typed(group.get("remote-mta"))));
            }
        }
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        String messageId = null;
        if (returnedHeader != null) {
            List<Map<String, String>> header = groups(returnedHeader, 1);
            if (!header.isEmpty()) {
                messageId = messageId(header.get(0).get("message-id"));
            }
        }
        return Optional.of(new Dsn(reportingMta, envelopeId, messageId, recipients));
    }

    /** Whether a {@code Content-Type} value is a delivery-status report. */
    static boolean isReport(String contentType) {
        if (contentType == null) {
            return false;
        }
        Map<String, String> type = contentType(contentType);
        return "multipart/report".equals(type.get("")) && REPORT_TYPES.contains(
                type.getOrDefault("report-type", "").toLowerCase(Locale.ROOT));
    }

    /**
     * A {@code Content-Type} value as a map: key {@code ""} the lower-case media type, then the parameters (names
     * lower case, quoted values unquoted). Lenient: whatever cannot be read is left out.
     */
    static Map<String, String> contentType(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int semicolon = value.indexOf(';');
        out.put("", COMMENT.matcher(semicolon < 0 ? value : value.substring(0, semicolon)).replaceAll("").trim()
                .toLowerCase(Locale.ROOT));
        int i = semicolon < 0 ? value.length() : semicolon + 1;
        while (i < value.length()) {
            int eq = value.indexOf('=', i);
            int next = value.indexOf(';', i);
            if (eq < 0 || next >= 0 && next < eq) {
                i = next < 0 ? value.length() : next + 1; // a parameter without a value
                continue;
            }
            String name = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < value.length() && Character.isWhitespace(value.charAt(j))) {
                j++;
            }
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    if (value.charAt(j) == '\\' && j + 1 < value.length()) {
                        j++;
                    }
                    v.append(value.charAt(j++));
                }
                int end = value.indexOf(';', j);
                i = end < 0 ? value.length() : end + 1;
            } else {
                int end = value.indexOf(';', j);
                v.append(value, j, end < 0 ? value.length() : end);
                i = end < 0 ? value.length() : end + 1;
            }
            if (!name.isEmpty()) {
                out.putIfAbsent(name, v.toString().trim());
            }
        }
        return out;
    }

    /**
     * Header-style fields in groups separated by blank lines, at most {@code maxGroups} groups. Names are lower
     * case; folded values are unfolded with runs of white space made one space; the first of repeated fields is
     * kept; lines that are neither a field nor a continuation are skipped; leading blank lines are ignored.
     */
    static List<Map<String, String>> groups(String text, int maxGroups) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> group = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int start = 0;
        int length = text.length();
        while (start <= length && out.size() < maxGroups) {
            int end = start;
            while (end < length && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            String line = text.substring(start, end);
            if (end < length && text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
            boolean last = start > length;
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !line.isBlank()) {
                if (name != null && value.length() < MAX_VALUE_CHARS) {
                    value.append(' ').append(line.trim());
                }
            } else {
                if (name != null) {
                    group.putIfAbsent(name, clip(value));
                    name = null;
                }
                if (line.isBlank()) {
                    if (!group.isEmpty()) {
                        out.add(group);
                        group = new LinkedHashMap<>();
                    }
                } else {
                    int colon = line.indexOf(':');
                    String candidate = colon > 0 ? line.substring(0, colon).trim() : "";
                    if (!candidate.isEmpty() && FIELD_NAME.matcher(candidate).matches()) {
                        name = candidate.toLowerCase(Locale.ROOT);
                        value.setLength(0);
                        value.append(line, colon + 1, Math.min(line.length(), colon + 1 + MAX_VALUE_CHARS));
                    }
                }
            }
            if (last) {
                break;
            }
        }
        if (name != null) {
            group.putIfAbsent(name, clip(value));
        }
        if (!group.isEmpty() && out.size() < maxGroups) {
            out.add(group);
        }
        return out;
    }

    private static String clip(StringBuilder value) {
        String v = SPACE.matcher(value).replaceAll(" ").trim();
        return v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) : v;
    }

    /** {@code rfc822; <a@b>} → {@code a@b}; comments dropped; null when empty. */
    static String address(String value) {
        String v = typed(value);
        if (v == null) {
            return null;
        }
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        if (v.indexOf(' ') >= 0) { // "a@b (text)" left by a broken comment, or trailing words: keep the address
            String[] words = v.split(" ");
            v = words[0];
            for (String w : words) {
                if (w.indexOf('@') > 0) {
                    v = w.startsWith("<") && w.endsWith(">") ? w.substring(1, w.length() - 1) : w;
                    break;
                }
            }
        }
        return blankToNull(v);
    }

    /** {@code type; value} → {@code value} (comments dropped); a value without a type as it is; null when empty. */
    static String typed(String value) {
        if (value == null) {
            return null;
        }
        String v = COMMENT.matcher(value).replaceAll("").trim();
        int semicolon = v.indexOf(';');
        if (semicolon >= 0) {
            v = v.substring(semicolon + 1).trim();
        }
        return blankToNull(v);
    }

    /** The first action word, lower case. */
    static String action(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ACTION.matcher(COMMENT.matcher(value).replaceAll(" "));
        return m.find() ? m.group().toLowerCase(Locale.ROOT) : null;
    }

    /** The first RFC 3463 code in the value ({@code 5.1.1 (bad mailbox)} → {@code 5.1.1}). */
    static String status(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = STATUS.matcher(value);
        return m.find() ? m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3))
                : null;
    }

    /** A Message-ID field value without angle brackets and comments; null when empty. */
    static String messageId(String value) {
        if (value == null) {
            return null;
        }
        int open = value.indexOf('<');
        int close = open < 0 ? -1 : value.indexOf('>', open + 1);
        String id = open >= 0 && close > open ? value.substring(open + 1, close)
                : COMMENT.matcher(value).replaceAll("").trim();
        id = id.trim();
        return id.isEmpty() || id.indexOf(' ') >= 0 ? null : id;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_PART_BYTES), StandardCharsets.UTF_8);
    }

    /**
     * Ends parsing early (not a report, or both parts found). Thrown rather than {@code MimeStreamParser.stop()}:
     * mime4j 0.8 can spin forever when stopped at the end of a header.
     */
    private static final class Done extends RuntimeException {
        Done() {
            super(null, null, false, false);
        }
    }

    /** Collects the top-level Content-Type and the two parts a DSN is read from; stops once it has both. */
    private static final class Collector extends AbstractContentHandler {
        boolean top = true;
        String topContentType;
        boolean report;
        String deliveryStatus;
        String returnedHeader;

        @Override
        public void field(Field field) {
            if (top && topContentType == null && "content-type".equalsIgnoreCase(field.getName())) {
                topContentType = field.getBody();
            }
        }

        @Override
        public void endHeader() {
            if (top) {
                top = false;
                report = isReport(topContentType == null ? null : SPACE.matcher(topContentType).replaceAll(" "));
                if (!report) {
                    throw new Done();
                }
            }
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
            String type = descriptor.getMimeType() == null ? "" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
            if (deliveryStatus == null && STATUS_PARTS.contains(type)) {
                deliveryStatus = read(in);
            } else if (returnedHeader == null && RETURNED_PARTS.contains(type)) {
                returnedHeader = read(in);
            }
            if (deliveryStatus != null && returnedHeader != null) {
                throw new Done();
            }
        }
    }
}
