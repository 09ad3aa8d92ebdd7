package dev.mailroom.router.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A small DKIM signer for tests: prepends a DKIM-Signature field computed with the given key. */
public final class DkimTestSigner {

    private DkimTestSigner() {
    }

    /**
     * Signs {@code raw} (CRLF or LF line ends).
     *
     * @param algorithm {@code rsa-sha256}, {@code rsa-sha1} or {@code ed25519-sha256}
     * @param canon     e.g. {@code relaxed/simple}
     * @param extraTags extra tags appended before b=, e.g. {@code "x=123; "}, may be empty
     */
    public static byte[] sign(byte[] raw, String domain, String selector, String algorithm, PrivateKey key, String canon,
                       List<String> headers, String extraTags) throws Exception {
        RawMessage message = RawMessage.parse(raw);
        boolean relaxedBody = canon.endsWith("/relaxed");
        byte[] body = DkimCanonicalizer.body(message.body(), relaxedBody);
        String hash = algorithm.endsWith("sha1") ? "SHA-1" : "SHA-256";
        java.util.regex.Matcher l = java.util.regex.Pattern.compile("(?:^|; )l=([0-9]+)").matcher(extraTags);
        if (l.find()) {
            body = java.util.Arrays.copyOf(body, Integer.parseInt(l.group(1)));
        }
        String bh = Base64.getEncoder().encodeToString(MessageDigest.getInstance(hash).digest(body));
        String unsigned = "DKIM-Signature: v=1; a=" + algorithm + "; c=" + canon + "; d=" + domain + "; s="
                + selector + ";\r\n\th=" + String.join(":", headers) + "; " + extraTags + "bh=" + bh + ";\r\n\tb=\r\n";
        byte[] withField = concat(unsigned.getBytes(StandardCharsets.ISO_8859_1), crlf(raw));
        RawMessage draft = RawMessage.parse(withField);
        DkimSignature sig = new DkimSignature(algorithm, domain, selector, "@" + domain,
                canon.startsWith("relaxed"), relaxedBody, headers, new byte[0], new byte[0], null, null, null);
        byte[] data = DkimVerifier.signedData(draft, draft.headers().get(0), sig);
        Signature signer;
        byte[] input = data;
        if (algorithm.startsWith("ed25519")) {
            signer = Signature.getInstance("Ed25519");
            input = MessageDigest.getInstance("SHA-256").digest(data);
        } else {
            signer = Signature.getInstance(algorithm.endsWith("sha1") ? "SHA1withRSA" : "SHA256withRSA");
        }
        signer.initSign(key);
        signer.update(input);
        String b = Base64.getEncoder().encodeToString(signer.sign());
        String signed = unsigned.substring(0, unsigned.length() - 2) + b + "\r\n";
        return concat(signed.getBytes(StandardCharsets.ISO_8859_1), crlf(raw));
    }

    /** Reads a PEM RSA private key, PKCS#1 ("RSA PRIVATE KEY") or PKCS#8 ("PRIVATE KEY"). */
    static PrivateKey rsaPrivateKey(String pem) throws Exception {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        if (pkcs1) {
            byte[] algId = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
            byte[] octets = concat(derHeader(0x04, der.length), der);
            byte[] content = concat(concat(new byte[] {0x02, 0x01, 0x00}, algId), octets);
            der = concat(derHeader(0x30, content.length), content);
        }
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** An Ed25519 private key from its base64 32-byte seed. */
    static PrivateKey ed25519PrivateKey(String base64Seed) throws Exception {
        byte[] seed = Base64.getDecoder().decode(base64Seed.strip());
        byte[] der = concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), seed);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) tag, (byte) 0x81, (byte) length};
        }
        return new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
    }

    static byte[] crlf(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
