package dev.mailroom.mail.dkim;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Signs messages with DKIM (RFC 6376), {@code rsa-sha256} and {@code ed25519-sha256} (RFC 8463), with
 * relaxed/relaxed canonicalisation ({@link Options} choose others, a fixed {@code h=}, {@code i=}, {@code l=},
 * {@code x=}).
 *
 * <p>The signed header fields are those of {@link #SIGNED_FIELDS} that the message has, each as many times as it
 * occurs, and {@code From} once more (over-signing: a {@code From} added later breaks the signature). The
 * DKIM-Signature is folded to lines of at most 78 characters where the tag values allow.
 *
 * <p>Stateless and thread-safe; signing is CPU work (RSA especially), so call it off event-loop threads.
 */
public final class DkimSigner {

    /** Header fields signed when present, in {@code h=} order (lower case). */
    public static final List<String> SIGNED_FIELDS = List.of("from", "to", "cc", "subject", "date", "message-id",
            "in-reply-to", "references", "reply-to", "mime-version", "content-type", "content-transfer-encoding",
            "list-unsubscribe", "list-unsubscribe-post");

    private static final int MAX_LINE = 78;
    private static final String FOLD = "\r\n\t";

    private final Clock clock;

    /**
     * How a signature is made beyond its key. {@link #DEFAULT} is what Mailroom sends: relaxed/relaxed, the fields of
     * {@link #SIGNED_FIELDS} (From over-signed), no {@code i=}, {@code l=} or {@code x=}.
     *
     * @param relaxedHeader relaxed (else simple) header canonicalisation
     * @param relaxedBody relaxed (else simple) body canonicalisation
     * @param headers the {@code h=} list as given (lower case, repeats allowed, must name {@code from}); null for
     *        the default policy of {@link #SIGNED_FIELDS}
     * @param identity the {@code i=} value, or null
     * @param bodyLength the {@code l=} value (canonical body octets covered), or null for the whole body
     * @param validity {@code x=} is {@code t=} plus this, or null for no expiry
     */
    public record Options(boolean relaxedHeader, boolean relaxedBody, List<String> headers, String identity,
            Long bodyLength, Duration validity) {

        /** relaxed/relaxed, the default header list, no optional tags. */
        public static final Options DEFAULT = new Options(true, true, null, null, null, null);

        /** @throws IllegalArgumentException for a header name that is not an RFC 5322 field name, or a negative l= */
        public Options {
            headers = headers == null ? null : headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            if (headers != null) {
                for (String h : headers) {
                    if (h.isEmpty() || !h.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ':' && c != ';')) {
                        throw new IllegalArgumentException("not a header field name for h=: '" + h + "'");
                    }
                }
            }
            if (bodyLength != null && bodyLength < 0) {
                throw new IllegalArgumentException("l= must not be negative: " + bodyLength);
            }
        }

        /** These options with {@code c=<header>/<body>}, e.g. {@code simple/relaxed}. */
        public Options canonicalization(String c) {
            String[] parts = c.toLowerCase(Locale.ROOT).split("/", 2);
            return new Options(parts[0].equals("relaxed"), parts.length == 2 && parts[1].equals("relaxed"), headers,
                    identity, bodyLength, validity);
        }

        /** These options signing exactly {@code names} ({@code h=}). */
        public Options headers(List<String> names) {
            return new Options(relaxedHeader, relaxedBody, names, identity, bodyLength, validity);
        }

        /** These options with {@code i=identity}. */
        public Options identity(String agentOrUser) {
            return new Options(relaxedHeader, relaxedBody, headers, agentOrUser, bodyLength, validity);
        }

        /** These options with {@code l=octets}. */
        public Options bodyLength(long octets) {
            return new Options(relaxedHeader, relaxedBody, headers, identity, octets, validity);
        }

        /** These options with {@code x=} set {@code duration} after {@code t=}. */
        public Options validity(Duration duration) {
            return new Options(relaxedHeader, relaxedBody, headers, identity, bodyLength, duration);
        }

        String tag() {
            return (relaxedHeader ? "relaxed" : "simple") + "/" + (relaxedBody ? "relaxed" : "simple");
        }
    }

    /** @param clock gives the signature timestamp ({@code t=}) */
    public DkimSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a message with each key, with {@link Options#DEFAULT}.
     *
     * @param message RFC 5322 message bytes with CRLF line ends (bare LFs are turned into CRLF, and the returned
     *        message has them so); a message without a blank line has an empty body
     * @param keys the signing keys, typically the sending domain's Ed25519 and RSA keys; none leaves the message as
     *        it is
     * @return the message with one DKIM-Signature header field per key prepended, in the order of {@code keys}
     * @throws IllegalArgumentException when the message has no From field (RFC 6376 §5.4 requires it signed)
     */
    public byte[] sign(byte[] message, List<DkimKey> keys) {
        return sign(message, keys, Options.DEFAULT);
    }

    /**
     * Signs a message with each key, as {@code options} say.
     *
     * @throws IllegalArgumentException when the message has no From field or {@code options} sign no From, or when
     *         {@code l=} is longer than the canonical body
     */
    public byte[] sign(byte[] message, List<DkimKey> keys, Options options) {
        return sign(message, keys, options, false);
    }

    /**
     * As {@link #sign(byte[], List, Options)}; {@code rsaSha1} signs RSA keys with {@code a=rsa-sha1}, which RFC 8301
     * forbids signers: only this package's tests use it, to check that the verifier still reads such signatures.
     */
    byte[] sign(byte[] message, List<DkimKey> keys, Options options, boolean rsaSha1) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(options, "options");
        byte[] msg = Canonicalization.crlf(message);
        if (keys.isEmpty()) {
            return msg;
        }
        Parsed parsed = parse(msg);
        List<String> signedNames = options.headers() != null ? options.headers() : signedNames(parsed.fields);
        if (parsed.fields.stream().noneMatch(f -> f.name.equals("from"))) {
            throw new IllegalArgumentException("the message has no From header field, which DKIM must sign");
        }
        if (!signedNames.contains("from")) {
            throw new IllegalArgumentException("h= must name from: DKIM must sign the From field (RFC 6376 §5.4)");
        }
        String headerData = canonicalSignedFields(parsed.fields, signedNames, options.relaxedHeader());
        long now = clock.instant().getEpochSecond();

        ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length + 600 * keys.size());
        String[] bodyHashes = new String[2];
        for (DkimKey key : keys) {
            Objects.requireNonNull(key, "key");
            boolean sha1 = rsaSha1 && key.algorithm() == DkimKey.Algorithm.RSA_SHA256;
            int h = sha1 ? 1 : 0;
            if (bodyHashes[h] == null) {
                bodyHashes[h] = bodyHash(msg, parsed.bodyStart, options, sha1 ? "SHA-1" : "SHA-256");
            }
            String field = signatureField(key, sha1, now, options, signedNames, bodyHashes[h], headerData);
            out.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(msg);
        return out.toByteArray();
    }

    /** The complete DKIM-Signature field (without its final CRLF) of one key. */
    private static String signatureField(DkimKey key, boolean sha1, long now, Options options,
            List<String> signedNames, String bodyHash, String headerData) {
        Folder f = new Folder("DKIM-Signature:");
        f.tag("v=1;");
        f.tag("a=" + (sha1 ? "rsa-sha1" : key.algorithm().tag()) + ";");
        f.tag("c=" + options.tag() + ";");
        f.tag("d=" + key.domain() + ";");
        f.tag("s=" + key.selector() + ";");
        f.tag("t=" + now + ";");
        if (options.validity() != null) {
            f.tag("x=" + (now + options.validity().toSeconds()) + ";");
        }
        if (options.identity() != null) {
            f.tag("i=" + options.identity() + ";");
        }
        if (options.bodyLength() != null) {
            f.tag("l=" + options.bodyLength() + ";");
        }
        for (int i = 0; i < signedNames.size(); i++) {
            boolean last = i == signedNames.size() - 1;
            String piece = (i == 0 ? "h=" : "") + signedNames.get(i) + (last ? ";" : ":");
            if (i == 0) {
                f.tag(piece);
            } else {
                f.glued(piece); // FWS is allowed around the colons of h= (RFC 6376 §3.5)
            }
        }
        f.tag("bh=" + bodyHash + ";");
        f.tag("b=");
        String unsigned = f.toString();
        // RFC 6376 §3.7: the signature covers the signed fields, then this field with an empty b= and no final CRLF
        String data = headerData + (options.relaxedHeader() ? Canonicalization.relaxedHeader(unsigned) : unsigned);
        byte[] signature = sign(key, sha1, data.getBytes(StandardCharsets.ISO_8859_1));
        f.base64(Base64.getEncoder().encodeToString(signature));
        return f.toString();
    }

    private static byte[] sign(DkimKey key, boolean sha1, byte[] data) {
        try {
            Signature signer;
            byte[] input;
            if (key.algorithm() == DkimKey.Algorithm.RSA_SHA256) {
                signer = Signature.getInstance(sha1 ? "SHA1withRSA" : "SHA256withRSA");
                input = data;
            } else {
                // RFC 8463 §3: PureEdDSA over the SHA-256 hash of the data, not over the data itself
                input = MessageDigest.getInstance("SHA-256").digest(data);
                byte[] fast = Ed25519.sign(key, input);
                if (fast != null) {
                    return fast;
                }
                signer = Signature.getInstance("Ed25519");
            }
            signer.initSign(key.privateKey());
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key, e);
        }
    }

    /** The names for h=: each present field of SIGNED_FIELDS as often as it occurs, "from" once more. */
    private static List<String> signedNames(List<Field> fields) {
        Map<String, Integer> counts = new HashMap<>();
        for (Field field : fields) {
            counts.merge(field.name, 1, Integer::sum);
        }
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_FIELDS) {
            int count = counts.getOrDefault(name, 0);
            if (count > 0 && name.equals("from")) {
                count++;
            }
            for (int i = 0; i < count; i++) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The canonical fields in h= order, each with CRLF. Repeated names take the instances from the bottom up; a name
     * with no instance left (the over-signed From) contributes nothing (RFC 6376 §5.4.2).
     */
    private static String canonicalSignedFields(List<Field> fields, List<String> signedNames, boolean relaxed) {
        Map<String, Deque<Field>> byName = new HashMap<>();
        for (Field field : fields) {
            byName.computeIfAbsent(field.name, n -> new ArrayDeque<>()).push(field); // last one on top
        }
        StringBuilder data = new StringBuilder();
        for (String name : signedNames) {
            Deque<Field> instances = byName.get(name);
            if (instances != null && !instances.isEmpty()) {
                data.append(Canonicalization.header(instances.pop().raw + "\r\n", relaxed));
            }
        }
        return data.toString();
    }

    private static String bodyHash(byte[] msg, int bodyStart, Options options, String algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (options.bodyLength() == null) {
            Canonicalization.body(msg, bodyStart, msg.length, options.relaxedBody(),
                    new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        } else {
            byte[] body = Canonicalization.body(Arrays.copyOfRange(msg, bodyStart, msg.length), options.relaxedBody());
            if (options.bodyLength() > body.length) {
                throw new IllegalArgumentException("l=" + options.bodyLength() + " is longer than the canonical body ("
                        + body.length + " octets)");
            }
            digest.update(body, 0, options.bodyLength().intValue());
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /** A header field: its lower-case name and raw text (folding kept, final CRLF not). */
    private record Field(String name, String raw) {
    }

    private record Parsed(List<Field> fields, int bodyStart) {
    }

    /** Splits the header into fields; the body starts after the first empty line, or is empty without one. */
    private static Parsed parse(byte[] msg) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int fieldStart = -1;
        int bodyStart = msg.length;
        while (pos < msg.length) {
            int lineEnd = Canonicalization.indexOfCrlf(msg, pos, msg.length);
            int next = lineEnd < 0 ? msg.length : lineEnd + 2;
            int contentEnd = lineEnd < 0 ? msg.length : lineEnd;
            if (contentEnd == pos && lineEnd >= 0) { // the empty line ending the header
                bodyStart = next;
                break;
            }
            boolean continuation = Canonicalization.isWsp(msg[pos]);
            if (!continuation) {
                addField(fields, msg, fieldStart, pos);
                fieldStart = pos;
            } else if (fieldStart < 0) {
                fieldStart = pos; // malformed: a continuation before any field; kept with no usable name
            }
            pos = next;
        }
        addField(fields, msg, fieldStart, pos);
        return new Parsed(fields, bodyStart);
    }

    private static void addField(List<Field> fields, byte[] msg, int start, int end) {
        if (start < 0) {
            return;
        }
        String raw = new String(msg, start, end - start, StandardCharsets.ISO_8859_1);
        if (raw.endsWith("\r\n")) {
            raw = raw.substring(0, raw.length() - 2);
        }
        int colon = raw.indexOf(':');
        if (colon <= 0 || Canonicalization.isWsp(raw.charAt(0))) {
            return; // not a field (no name): never signed, left in the message as it is
        }
        String name = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        fields.add(new Field(name, raw));
    }

    /** Builds a folded header field: tags separated by SP, or by CRLF HTAB when the line would pass 78 chars. */
    private static final class Folder {
        private final StringBuilder text = new StringBuilder();
        private int lineLength;

        Folder(String start) {
            text.append(start);
            lineLength = start.length();
        }

        /** A tag, after a space or a fold. */
        void tag(String tag) {
            if (lineLength + 1 + tag.length() > MAX_LINE) {
                fold();
            } else {
                text.append(' ');
                lineLength++;
            }
            append(tag);
        }

        /** A piece that follows the previous one directly, or after a fold. */
        void glued(String piece) {
            if (lineLength + piece.length() > MAX_LINE) {
                fold();
            }
            append(piece);
        }

        /** A base64 value filling the current line, then whole folded lines (FWS is allowed inside base64). */
        void base64(String value) {
            int pos = 0;
            while (pos < value.length()) {
                int room = MAX_LINE - lineLength;
                if (room <= 0) {
                    fold();
                    room = MAX_LINE - lineLength;
                }
                int end = Math.min(value.length(), pos + room);
                append(value.substring(pos, end));
                pos = end;
            }
        }

        private void fold() {
            text.append(FOLD);
            lineLength = 1;
        }

        private void append(String s) {
            text.append(s);
            lineLength += s.length();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
