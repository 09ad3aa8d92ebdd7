package dev.mailroom.egress.dkim;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Signs messages with DKIM (RFC 6376), {@code rsa-sha256} and {@code ed25519-sha256} (RFC 8463), with
 * relaxed/relaxed canonicalisation.
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

    /** @param clock gives the signature timestamp ({@code t=}) */
    public DkimSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a message with each key.
     *
     * @param message RFC 5322 message bytes with CRLF line ends (bare LFs are turned into CRLF, and the returned
     *        message has them so); a message without a blank line has an empty body
     * @param keys the signing keys, typically the sending domain's Ed25519 and RSA keys; none leaves the message as
     *        it is
     * @return the message with one DKIM-Signature header field per key prepended, in the order of {@code keys}
     * @throws IllegalArgumentException when the message has no From field (RFC 6376 §5.4 requires it signed)
     */
    public byte[] sign(byte[] message, List<DkimKey> keys) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(keys, "keys");
        byte[] msg = crlf(message);
        if (keys.isEmpty()) {
            return msg;
        }
        Parsed parsed = parse(msg);
        List<String> signedNames = signedNames(parsed.fields);
        if (!signedNames.contains("from")) {
            throw new IllegalArgumentException("the message has no From header field, which DKIM must sign");
        }
        String headerData = canonicalSignedFields(parsed.fields, signedNames);
        String bodyHash = bodyHash(msg, parsed.bodyStart);
        long now = clock.instant().getEpochSecond();

        ByteArrayOutputStream out = new ByteArrayOutputStream(msg.length + 600 * keys.size());
        for (DkimKey key : keys) {
            Objects.requireNonNull(key, "key");
            String field = signatureField(key, now, signedNames, bodyHash, headerData);
            out.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(msg);
        return out.toByteArray();
    }

    /** The complete DKIM-Signature field (without its final CRLF) of one key. */
    private static String signatureField(DkimKey key, long now, List<String> signedNames, String bodyHash,
            String headerData) {
        Folder f = new Folder("DKIM-Signature:");
        f.tag("v=1;");
        f.tag("a=" + key.algorithm().tag() + ";");
        f.tag("c=relaxed/relaxed;");
        f.tag("d=" + key.domain() + ";");
        f.tag("s=" + key.selector() + ";");
        f.tag("t=" + now + ";");
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
        String data = headerData + Canonicalization.relaxedHeader(unsigned);
        byte[] signature = sign(key, data.getBytes(StandardCharsets.ISO_8859_1));
        f.base64(Base64.getEncoder().encodeToString(signature));
        return f.toString();
    }

    private static byte[] sign(DkimKey key, byte[] data) {
        try {
            Signature signer;
            byte[] input;
            if (key.algorithm() == DkimKey.Algorithm.RSA_SHA256) {
                signer = Signature.getInstance("SHA256withRSA");
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
    private static String canonicalSignedFields(List<Field> fields, List<String> signedNames) {
        Map<String, Deque<Field>> byName = new HashMap<>();
        for (Field field : fields) {
            byName.computeIfAbsent(field.name, n -> new ArrayDeque<>()).push(field); // last one on top
        }
        StringBuilder data = new StringBuilder();
        for (String name : signedNames) {
            Deque<Field> instances = byName.get(name);
            if (instances != null && !instances.isEmpty()) {
                data.append(Canonicalization.relaxedHeader(instances.pop().raw)).append("\r\n");
            }
        }
        return data.toString();
    }

    private static String bodyHash(byte[] msg, int bodyStart) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Canonicalization.relaxedBody(msg, bodyStart, msg.length,
                new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        return Base64.getEncoder().encodeToString(sha256.digest());
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
            int lineEnd = indexOfCrlf(msg, pos);
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

    private static int indexOfCrlf(byte[] buf, int from) {
        for (int i = from; i + 1 < buf.length; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The message with every LF not preceded by CR turned into CRLF; the same array when there is none. */
    static byte[] crlf(byte[] message) {
        int bare = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return message;
        }
        byte[] out = new byte[message.length + bare];
        int o = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = message[i];
        }
        return out;
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
