package dev.mailroom.mail.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376 section 6, RFC 8463 ed25519-sha256, rsa-sha256, rsa-sha1):
 * canonicalization, {@code l=}, {@code h=} including over-signed names, {@code x=} against an injectable clock, key
 * record checks. One verdict per signature, top to bottom: {@code pass}, {@code fail} (hashes or signature do not
 * verify, signature expired), {@code permerror} (malformed signature or key, revoked key), {@code temperror} (DNS).
 * Blocking (DNS, crypto); thread-safe.
 */
public final class DkimVerifier {

    /** Signatures verified at most per message; the rest get {@code policy}. */
    static final int MAX_SIGNATURES = 10;

    private final DnsResolver dns;
    private final Clock clock;

    public DkimVerifier(DnsResolver dns, Clock clock) {
        this.dns = dns;
        this.clock = clock;
    }

    /** Verdicts of all signatures in {@code raw} (empty when unsigned). */
    public List<Authentication.Dkim> verify(byte[] raw) {
        return verify(RawMessage.parse(raw));
    }

    /** Verdicts of all signatures in {@code message}. */
    public List<Authentication.Dkim> verify(RawMessage message) {
        List<Authentication.Dkim> results = new ArrayList<>();
        int n = 0;
        for (RawMessage.HeaderField field : message.headers()) {
            if (!field.is("DKIM-Signature")) {
                continue;
            }
            String[] id = DkimSignature.identify(field.value());
            if (++n > MAX_SIGNATURES) {
                results.add(new Authentication.Dkim("policy", id[0], id[1], id[2], "too many signatures"));
                continue;
            }
            results.add(verifyOne(message, field, id));
        }
        return results;
    }

    private Authentication.Dkim verifyOne(RawMessage message, RawMessage.HeaderField field, String[] id) {
        DkimSignature sig;
        try {
            sig = DkimSignature.parse(field.value());
        } catch (DkimPermError e) {
            return new Authentication.Dkim("permerror", id[0], id[1], id[2], e.getMessage());
        }
        String d = sig.domain();
        String s = sig.selector();
        String a = sig.algorithm();
        try {
            if (sig.expiration() != null && sig.expiration() < clock.instant().getEpochSecond()) {
                return new Authentication.Dkim("fail", d, s, a, "signature expired (x=" + sig.expiration() + ")");
            }
            DnsResult<String> txt = dns.txt(s + "._domainkey." + d);
            if (txt.isTempError()) {
                return new Authentication.Dkim("temperror", d, s, a, "key lookup: " + txt.error());
            }
            if (txt.values().isEmpty()) {
                return new Authentication.Dkim("permerror", d, s, a, "no key at " + s + "._domainkey." + d);
            }
            DkimKeyRecord key = DkimKeyRecord.parse(txt.values().get(0));
            checkKeyFits(sig, key);
            byte[] body = Canonicalization.body(message.bodyUnsafe(), sig.relaxedBody());
            int length = body.length;
            if (sig.length() != null) {
                if (sig.length() > body.length) {
                    return new Authentication.Dkim("permerror", d, s, a, "l= is longer than the body");
                }
                length = sig.length().intValue();
            }
            MessageDigest digest = MessageDigest.getInstance(sig.hash().equals("sha1") ? "SHA-1" : "SHA-256");
            digest.update(body, 0, length);
            if (!MessageDigest.isEqual(digest.digest(), sig.bodyHash())) {
                return new Authentication.Dkim("fail", d, s, a, "body hash did not verify");
            }
            byte[] signed = signedData(message, field, sig);
            if (!verifySignature(sig, key, signed)) {
                return new Authentication.Dkim("fail", d, s, a, "signature did not verify");
            }
            return new Authentication.Dkim("pass", d, s, a, key.testing() ? "key in testing mode (t=y)" : null);
        } catch (DkimPermError e) {
            return new Authentication.Dkim("permerror", d, s, a, e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Authentication.Dkim("permerror", d, s, a, "verification error: " + e);
        }
    }

    private static void checkKeyFits(DkimSignature sig, DkimKeyRecord key) throws DkimPermError {
        if (!key.type().equals(sig.keyType())) {
            throw new DkimPermError("key type k=" + key.type() + " does not match a=" + sig.algorithm());
        }
        if (!key.hashes().isEmpty() && !key.hashes().contains(sig.hash())) {
            throw new DkimPermError("key does not allow hash " + sig.hash() + " (h=" + key.hashes() + ")");
        }
        if (key.strictIdentity()) {
            String iDomain = sig.identity().substring(sig.identity().lastIndexOf('@') + 1);
            if (!iDomain.equalsIgnoreCase(sig.domain())) {
                throw new DkimPermError("key has t=s but i= is a subdomain of d=");
            }
        }
    }

    /** The canonicalized signed header fields, then this signature's field with b= emptied, without final CRLF. */
    static byte[] signedData(RawMessage message, RawMessage.HeaderField sigField, DkimSignature sig) {
        StringBuilder data = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : sig.signedHeaders()) {
            String key = name.toLowerCase(Locale.ROOT);
            List<RawMessage.HeaderField> instances = message.headers(name);
            int taken = used.getOrDefault(key, 0);
            int index = instances.size() - 1 - taken;
            used.put(key, taken + 1);
            if (index >= 0) {
                data.append(Canonicalization.header(instances.get(index).raw(), sig.relaxedHeader()));
            }
        }
        String canon = Canonicalization.header(withoutSignatureValue(sigField.raw()), sig.relaxedHeader());
        data.append(canon, 0, canon.length() - 2);
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The raw field with the value of its {@code b=} tag deleted (RFC 6376 section 3.7). */
    static String withoutSignatureValue(String raw) {
        int colon = raw.indexOf(':');
        String body = raw.substring(colon + 1);
        String ending = body.endsWith("\r\n") ? "\r\n" : "";
        body = body.substring(0, body.length() - ending.length());
        StringBuilder out = new StringBuilder(raw.substring(0, colon + 1));
        int pos = 0;
        while (pos <= body.length()) {
            int semi = body.indexOf(';', pos);
            int end = semi < 0 ? body.length() : semi;
            String spec = body.substring(pos, end);
            int eq = spec.indexOf('=');
            if (eq >= 0 && spec.substring(0, eq).strip().equals("b")) {
                out.append(spec, 0, eq + 1);
            } else {
                out.append(spec);
            }
            if (semi < 0) {
                break;
            }
            out.append(';');
            pos = semi + 1;
        }
        return out.append(ending).toString();
    }

    private static boolean verifySignature(DkimSignature sig, DkimKeyRecord key, byte[] data)
            throws GeneralSecurityException {
        Signature verifier;
        byte[] input = data;
        switch (sig.algorithm()) {
            case "rsa-sha256" -> verifier = Signature.getInstance("SHA256withRSA");
            case "rsa-sha1" -> verifier = Signature.getInstance("SHA1withRSA");
            default -> {
                verifier = Signature.getInstance("Ed25519");
                input = MessageDigest.getInstance("SHA-256").digest(data);
            }
        }
        verifier.initVerify(key.key());
        verifier.update(input);
        try {
            return verifier.verify(sig.signature());
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
