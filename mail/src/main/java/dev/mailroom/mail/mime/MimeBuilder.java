package dev.mailroom.mail.mime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.address.AddressSyntax;
import dev.mailroom.mail.address.HeaderText;

/**
 * Turns an {@link OutboundRequest} into RFC 5322 / MIME bytes, or says everything that is wrong with it.
 *
 * <p>Header fields, in this order: Date (from the clock), From, To, Cc, Reply-To, Subject (always written, empty
 * when the request has none), Message-ID, In-Reply-To, References, MIME-Version, {@code Auto-Submitted:
 * auto-replied} for agent mail (RFC 3834; unless the request sets Auto-Submitted itself), the custom headers sorted
 * by name, then Content-Type and Content-Transfer-Encoding. Bcc is never written. Tags are never written.
 *
 * <p>Body structure: text, html, or multipart/alternative [text, html]; with inline parts (attachments with a
 * content id) and html, multipart/related [that, inline parts...]; with ordinary attachments (or inline parts but
 * no html), multipart/mixed [that, attachments...] in request order. Neither text nor html is allowed only with
 * attachments, and then the body is an empty text/plain. An empty text or html string counts as absent.
 *
 * <p>Text bodies are UTF-8 with CRLF line breaks, sent 7bit when printable ASCII with lines of at most 998 octets,
 * otherwise quoted-printable; attachments are base64. Nothing is ever 8bit, so {@link BuiltMessage#eightBit()} is
 * false. Output is deterministic: the same request, Message-ID and clock instant give the same bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class MimeBuilder {

    static final int MAX_NAME = 256;
    static final int MAX_SUBJECT = 2000;
    static final int MAX_HEADER_VALUE = 2000;
    static final int MAX_HEADER_NAME = 76;
    static final int MAX_ID = 900;
    static final int MAX_FILENAME = 255;
    static final int MAX_CONTENT_TYPE = 255;

    private static final String CRLF = Fold.CRLF;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    private static final Set<String> RESERVED = Set.of("from", "sender", "to", "cc", "bcc", "reply-to", "subject",
            "date", "message-id", "in-reply-to", "references", "mime-version", "dkim-signature", "received",
            "return-path", "authentication-results", "received-spf");
    private static final List<String> RESERVED_PREFIXES = List.of("content-", "arc-", "resent-");
    private static final Set<String> UNENCODABLE_TYPES = Set.of("message/rfc822", "message/partial",
            "message/external-body");

    private final Clock clock;

    /** @param clock gives the Date field (its instant and its zone's offset) */
    public MimeBuilder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What goes into MAIL FROM / RCPT TO for an address: the local part unchanged, an internationalized domain as
     * A-labels ({@link java.net.IDN#toASCII(String, int)}, IDNA 2003). The result needs SMTPUTF8 only when the
     * local part is not ASCII. Header fields carry the same form.
     *
     * @throws IllegalArgumentException when the address is not a valid addr-spec
     */
    public static String envelopeAddress(String address) {
        return AddressSyntax.envelope(Objects.requireNonNull(address, "address"));
    }

    /**
     * Every problem of the request, each naming its JSON field ({@code to[1].address}, {@code headers.X-Foo},
     * {@code attachments[2].content_base64}...), in field order; empty when {@link #build} will succeed.
     */
    public List<Violation> problems(OutboundRequest request) {
        List<Violation> v = new ArrayList<>();
        mailbox(v, "from", request.from());
        if (request.to().isEmpty() && request.cc().isEmpty() && request.bcc().isEmpty()) {
            v.add(new Violation("to", "at least one recipient (to, cc or bcc) is required"));
        }
        mailboxes(v, "to", request.to());
        mailboxes(v, "cc", request.cc());
        mailboxes(v, "bcc", request.bcc());
        mailboxes(v, "reply_to", request.replyTo());
        String p = HeaderText.headerProblem(request.subject(), true);
        if (p == null && request.subject().length() > MAX_SUBJECT) {
            p = "is longer than " + MAX_SUBJECT + " characters";
        }
        add(v, "subject", p);
        if (request.text() != null) {
            add(v, "text", HeaderText.surrogateProblem(request.text()));
        }
        if (request.html() != null) {
            add(v, "html", HeaderText.surrogateProblem(request.html()));
        }
        if (!present(request.text()) && !present(request.html()) && request.attachments().isEmpty()) {
            v.add(new Violation("text", "text or html is required"));
        }
        if (request.inReplyTo() != null && !request.inReplyTo().isBlank()) {
            add(v, "in_reply_to", idProblem(request.inReplyTo(), false));
        }
        for (int i = 0; i < request.references().size(); i++) {
            add(v, "references[" + i + "]", idProblem(request.references().get(i), false));
        }
        for (String name : sortedNames(request.headers())) {
            add(v, "headers." + name, headerProblem(name, request.headers().get(name)));
        }
        Map<String, Integer> contentIds = new HashMap<>();
        for (int i = 0; i < request.attachments().size(); i++) {
            attachment(v, "attachments[" + i + "]", request.attachments().get(i), i, contentIds);
        }
        return List.copyOf(v);
    }

    /**
     * Builds the message.
     *
     * @param messageId the Message-ID with angle brackets; also seeds the multipart boundaries
     * @throws InvalidMessageException  when {@link #problems} is not empty
     * @throws IllegalArgumentException when {@code messageId} is not {@code <id>} without white space
     */
    public BuiltMessage build(OutboundRequest request, String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        if (messageId.length() < 3 || !messageId.startsWith("<") || !messageId.endsWith(">")) {
            throw new IllegalArgumentException("messageId must be <id>, got " + messageId);
        }
        String idProblem = HeaderText.headerProblem(messageId, false);
        if (idProblem == null) {
            idProblem = Chars.msgIdProblem(messageId.substring(1, messageId.length() - 1), false);
        }
        if (idProblem != null) {
            throw new IllegalArgumentException("messageId " + idProblem);
        }
        List<Violation> violations = problems(request);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }

        StringBuilder out = new StringBuilder(4096);
        Fold.field(out, "Date", DATE.format(ZonedDateTime.now(clock)));
        Fold.field(out, "From", addressList(List.of(request.from())));
        if (!request.to().isEmpty()) {
            Fold.field(out, "To", addressList(request.to()));
        }
        if (!request.cc().isEmpty()) {
            Fold.field(out, "Cc", addressList(request.cc()));
        }
        if (!request.replyTo().isEmpty()) {
            Fold.field(out, "Reply-To", addressList(request.replyTo()));
        }
        Fold.field(out, "Subject", Fold.unstructured("Subject", request.subject(), true, true));
        Fold.field(out, "Message-ID", messageId);
        boolean utf8Ids = !HeaderText.isAscii(messageId);
        if (request.inReplyTo() != null && !request.inReplyTo().isBlank()) {
            String id = Chars.unbracket(request.inReplyTo());
            utf8Ids |= !HeaderText.isAscii(id);
            Fold.field(out, "In-Reply-To", "<" + id + ">");
        }
        if (!request.references().isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (String r : request.references()) {
                String id = Chars.unbracket(r);
                utf8Ids |= !HeaderText.isAscii(id);
                ids.add("<" + id + ">");
            }
            references(out, ids);
        }
        Fold.field(out, "MIME-Version", "1.0");
        boolean autoSubmittedSet = request.headers().keySet().stream().anyMatch("Auto-Submitted"::equalsIgnoreCase);
        if (request.agent() != null && !autoSubmittedSet) {
            // An agent's mail is automatic: RFC 3834 tells well-behaved auto-responders not to answer it.
            Fold.field(out, "Auto-Submitted", "auto-replied");
        }
        for (String name : sortedNames(request.headers())) {
            Fold.field(out, name, Fold.unstructured(name, request.headers().get(name), false, false));
        }
        write(out, body(request), messageId, 0);

        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        checkWireFormat(bytes);
        boolean smtpUtf8 = utf8Ids || Stream.of(List.of(request.from()), request.to(), request.cc(), request.bcc(),
                request.replyTo()).flatMap(List::stream).anyMatch(a -> AddressSyntax.needsSmtpUtf8(a.address()));
        return new BuiltMessage(bytes, smtpUtf8, bodyHasEightBit(bytes));
    }

    // ---------------------------------------------------------------- validation

    private static void add(List<Violation> v, String field, String detail) {
        if (detail != null) {
            v.add(new Violation(field, detail));
        }
    }

    private static void mailboxes(List<Violation> v, String field, List<EmailAddress> list) {
        for (int i = 0; i < list.size(); i++) {
            mailbox(v, field + "[" + i + "]", list.get(i));
        }
    }

    private static void mailbox(List<Violation> v, String field, EmailAddress mailbox) {
        if (mailbox.name() != null) {
            add(v, field + ".name", Mailboxes.nameProblem(mailbox.name()));
        }
        add(v, field + ".address", AddressSyntax.problem(mailbox.address()));
    }

    /** Why {@code id} (a Message-ID, with or without angle brackets) cannot be written, or null. */
    public static String idProblem(String id, boolean asciiOnly) {
        String p = HeaderText.headerProblem(id, false);
        return p != null ? p : Chars.msgIdProblem(Chars.unbracket(id), asciiOnly);
    }

    private static String headerProblem(String name, String value) {
        String p = HeaderText.headerProblem(name, false);
        if (p != null) {
            return p;
        }
        if (name.isEmpty()) {
            return "header name is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ':') {
                return "header name must be printable ASCII without spaces or colons";
            }
        }
        if (name.length() > MAX_HEADER_NAME) {
            return "header name is longer than " + MAX_HEADER_NAME + " characters";
        }
        if (reserved(name)) {
            return "is written by Mailroom and cannot be set";
        }
        p = HeaderText.headerProblem(value, true);
        if (p != null) {
            return p;
        }
        if (value.length() > MAX_HEADER_VALUE) {
            return "is longer than " + MAX_HEADER_VALUE + " characters";
        }
        return Fold.unstructured(name, value, false, false) == null
                ? "has a word too long to fold within 998 octets" : null;
    }

    static boolean reserved(String headerName) {
        String n = headerName.toLowerCase(Locale.ROOT);
        return RESERVED.contains(n) || RESERVED_PREFIXES.stream().anyMatch(n::startsWith);
    }

    private static void attachment(List<Violation> v, String field, OutboundRequest.Attachment a, int index,
            Map<String, Integer> contentIds) {
        if (a.filename() != null && !a.filename().isBlank()) {
            String p = HeaderText.headerProblem(a.filename(), false);
            if (p == null && a.filename().length() > MAX_FILENAME) {
                p = "is longer than " + MAX_FILENAME + " characters";
            }
            add(v, field + ".filename", p);
        }
        if (a.contentType() != null && !a.contentType().isBlank()) {
            add(v, field + ".content_type", contentTypeProblem(a.contentType()));
        }
        if (decode(a.contentBase64()) == null) {
            v.add(new Violation(field + ".content_base64", "is not valid base64"));
        }
        if (a.inline()) {
            String p = idProblem(a.contentId(), true);
            if (p == null) {
                Integer first = contentIds.putIfAbsent(Chars.unbracket(a.contentId()), index);
                if (first != null) {
                    p = "duplicates attachments[" + first + "].content_id";
                }
            }
            add(v, field + ".content_id", p);
        }
    }

    private static String contentTypeProblem(String contentType) {
        String p = HeaderText.headerProblem(contentType, false);
        if (p != null) {
            return p;
        }
        if (contentType.length() > MAX_CONTENT_TYPE) {
            return "is longer than " + MAX_CONTENT_TYPE + " characters";
        }
        Params.ContentType ct = Params.parseContentType(contentType);
        if (ct == null) {
            return "must be type/subtype (RFC 2045 tokens), optionally with parameters";
        }
        String media = ct.mediaType().toLowerCase(Locale.ROOT);
        if (ct.type().equals("multipart") || UNENCODABLE_TYPES.contains(media)) {
            return media + " cannot be sent as a base64 attachment; use application/octet-stream";
        }
        return null;
    }

    /** The content of a base64 string (RFC 4648, white space ignored, padding optional), null when invalid. */
    static byte[] decode(String base64) {
        StringBuilder sb = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(sb.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    /** Custom header names sorted case-insensitively (then exactly): a Map has no order to keep. */
    private static List<String> sortedNames(Map<String, String> headers) {
        return headers.keySet().stream()
                .sorted(Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT)).thenComparing(s -> s))
                .toList();
    }

    // ---------------------------------------------------------------- header fields

    private static List<String> addressList(List<EmailAddress> list) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            List<String> mailbox = Mailboxes.mailbox(list.get(i));
            if (i < list.size() - 1) {
                mailbox.set(mailbox.size() - 1, mailbox.get(mailbox.size() - 1) + ",");
            }
            tokens.addAll(mailbox);
        }
        return Fold.tokens(tokens);
    }

    /** References, on one line when it fits in 78 characters, else one message id per line. */
    private static void references(StringBuilder out, List<String> ids) {
        String joined = String.join(" ", ids);
        if ("References: ".length() + joined.length() <= Fold.SOFT) {
            Fold.field(out, "References", joined);
            return;
        }
        out.append("References: ").append(ids.get(0)).append(CRLF);
        for (int i = 1; i < ids.size(); i++) {
            out.append(' ').append(ids.get(i)).append(CRLF);
        }
    }

    // ---------------------------------------------------------------- body

    private record Header(String name, List<String> segments) {
    }

    private sealed interface Entity permits Leaf, Multipart {
    }

    /** A single part: header fields, its media type, and the encoded body without the final CRLF. */
    private record Leaf(String mediaType, List<Header> headers, String body) implements Entity {
    }

    /** A multipart; {@code type} is the related type parameter (RFC 2387), null otherwise. */
    private record Multipart(String subtype, String type, List<Entity> parts) implements Entity {
    }

    private static Entity body(OutboundRequest request) {
        Leaf text = present(request.text()) ? text("text/plain", request.text()) : null;
        Leaf html = present(request.html()) ? text("text/html", request.html()) : null;
        Entity core;
        String coreType;
        if (text != null && html != null) {
            core = new Multipart("alternative", null, List.of(text, html));
            coreType = "multipart/alternative";
        } else if (html != null) {
            core = html;
            coreType = html.mediaType();
        } else {
            core = text != null ? text : text("text/plain", "");
            coreType = "text/plain";
        }
        List<Entity> related = new ArrayList<>();
        List<Entity> mixed = new ArrayList<>();
        for (OutboundRequest.Attachment a : request.attachments()) {
            if (a.inline() && html != null) {
                related.add(attachment(a));
            } else {
                mixed.add(attachment(a));
            }
        }
        if (!related.isEmpty()) {
            related.add(0, core);
            core = new Multipart("related", coreType, related);
        }
        if (!mixed.isEmpty()) {
            mixed.add(0, core);
            core = new Multipart("mixed", null, mixed);
        }
        return core;
    }

    /**
     * A text part. 7bit when every character is printable ASCII or HTAB, every line at most 998 octets, no line
     * ends in white space (which relays may strip; quoted-printable keeps it as "=20"), and the text cannot contain
     * a boundary ("=_mr_" forces quoted-printable, which writes "=" as "=3D"); otherwise quoted-printable.
     */
    private static Leaf text(String mediaType, String content) {
        String crlf = crlf(content);
        boolean sevenBit = !crlf.contains(BOUNDARY_PREFIX)
                && !(crlf.length() > 0 && Chars.isWsp(crlf.charAt(crlf.length() - 1)));
        int lineLength = 0;
        for (int i = 0; sevenBit && i < crlf.length(); i++) {
            char c = crlf.charAt(i);
            if (c == '\r') {
                sevenBit = i == 0 || !Chars.isWsp(crlf.charAt(i - 1));
                lineLength = 0;
            } else if (c == '\n') {
                lineLength = 0;
            } else if ((c >= 0x20 && c < 0x7f) || c == '\t') {
                sevenBit = ++lineLength <= Fold.HARD;
            } else {
                sevenBit = false;
            }
        }
        String body = sevenBit ? crlf : QuotedPrintable.encode(crlf.getBytes(StandardCharsets.UTF_8));
        return new Leaf(mediaType, List.of(
                new Header("Content-Type", List.of(mediaType + ";", " charset=utf-8")),
                new Header("Content-Transfer-Encoding", List.of(sevenBit ? "7bit" : "quoted-printable"))), body);
    }

    /** Line breaks as CRLF: lone CR and lone LF become CRLF. */
    static String crlf(String s) {
        if (s.indexOf('\r') < 0) {
            // the usual text (LF line ends, or one line): one bulk replace instead of a loop per character
            return s.indexOf('\n') < 0 ? s : s.replace("\n", CRLF);
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                sb.append(CRLF);
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                sb.append(CRLF);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Leaf attachment(OutboundRequest.Attachment a) {
        Params.ContentType ct = a.contentType() == null || a.contentType().isBlank()
                ? new Params.ContentType("application/octet-stream", List.of())
                : Params.parseContentType(a.contentType());
        String filename = a.filename() != null && !a.filename().isBlank() ? a.filename() : null;
        List<List<String>> typeParams = new ArrayList<>();
        for (String p : ct.parameters()) {
            String attribute = p.substring(0, p.indexOf('=')).toLowerCase(Locale.ROOT);
            if (filename == null || !(attribute.equals("name") || attribute.startsWith("name*"))) {
                typeParams.add(List.of(p));
            }
        }
        if (filename != null) {
            typeParams.add(Params.legacyName(filename));
        }
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", parameterized(ct.mediaType(), typeParams)));
        headers.add(new Header("Content-Transfer-Encoding", List.of("base64")));
        if (a.inline()) {
            headers.add(new Header("Content-ID", List.of("<" + Chars.unbracket(a.contentId()) + ">")));
        }
        List<List<String>> dispositionParams = new ArrayList<>();
        if (filename != null) {
            for (String p : Params.filename("filename", filename)) {
                dispositionParams.add(List.of(p));
            }
        }
        headers.add(new Header("Content-Disposition",
                parameterized(a.inline() ? "inline" : "attachment", dispositionParams)));
        byte[] content = decode(a.contentBase64());
        String body = Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
        return new Leaf(ct.mediaType(), headers, body);
    }

    /** {@code value; p1; p2} as segments, each parameter (itself possibly several segments) foldable before it. */
    private static List<String> parameterized(String value, List<List<String>> parameters) {
        List<String> segments = new ArrayList<>();
        segments.add(value + (parameters.isEmpty() ? "" : ";"));
        for (int i = 0; i < parameters.size(); i++) {
            List<String> p = parameters.get(i);
            for (int j = 0; j < p.size(); j++) {
                String s = p.get(j);
                segments.add((j == 0 ? " " : "") + s + (j == p.size() - 1 && i < parameters.size() - 1 ? ";" : ""));
            }
        }
        return segments;
    }

    private static void write(StringBuilder out, Entity entity, String messageId, int depth) {
        if (entity instanceof Leaf leaf) {
            for (Header h : leaf.headers()) {
                Fold.field(out, h.name(), h.segments());
            }
            out.append(CRLF).append(leaf.body());
            // in a multipart the CRLF belongs to the next delimiter; a whole message only needs to end with one
            if (depth > 0 || !(leaf.body().isEmpty() || leaf.body().endsWith(CRLF))) {
                out.append(CRLF);
            }
            return;
        }
        Multipart m = (Multipart) entity;
        String boundary = boundary(messageId, depth);
        List<List<String>> params = new ArrayList<>();
        params.add(List.of("boundary=\"" + boundary + "\""));
        if (m.type() != null) {
            params.add(List.of("type=\"" + m.type() + "\""));
        }
        Fold.field(out, "Content-Type", parameterized("multipart/" + m.subtype(), params));
        out.append(CRLF);
        for (Entity part : m.parts()) {
            out.append("--").append(boundary).append(CRLF);
            write(out, part, messageId, depth + 1);
        }
        out.append("--").append(boundary).append("--").append(CRLF);
    }

    static final String BOUNDARY_PREFIX = "=_mr_";

    /**
     * {@code =_mr_} and 32 hex digits of SHA-256 over the Message-ID and the nesting depth (our trees have at most
     * one multipart per depth). No encoded content can hold it: base64 has no "_" and uses "=" only as final
     * padding, quoted-printable never writes "=" before "_", and a 7bit text containing "=_mr_" is sent
     * quoted-printable. All boundaries have the same length, so none is a prefix of another.
     */
    static String boundary(String messageId, int depth) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((messageId + "\u0000" + depth).getBytes(StandardCharsets.UTF_8));
            return BOUNDARY_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Guards the invariants: CRLF line ends only, no line over 998 octets. A failure is a bug here. */
    private static void checkWireFormat(byte[] bytes) {
        int lineLength = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 >= bytes.length || bytes[i + 1] != '\n') {
                    throw new IllegalStateException("bare CR at octet " + i);
                }
                i++;
                lineLength = 0;
            } else if (b == '\n') {
                throw new IllegalStateException("bare LF at octet " + i);
            } else if (++lineLength > Fold.HARD) {
                throw new IllegalStateException("line over " + Fold.HARD + " octets at octet " + i);
            }
        }
    }

    /** Whether any octet after the top-level header (the blank line) is above 127. */
    private static boolean bodyHasEightBit(byte[] bytes) {
        int start = 0;
        for (int i = 3; i < bytes.length; i++) {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') {
                start = i + 1;
                break;
            }
        }
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
