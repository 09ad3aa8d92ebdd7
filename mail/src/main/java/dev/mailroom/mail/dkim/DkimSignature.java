package dev.mailroom.mail.dkim;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.mailroom.mail.dkim.TagList;

/**
 * A parsed DKIM-Signature header field (RFC 6376 section 3.5). {@link #parse} rejects what section 6.1.1 calls
 * PERMFAIL: a missing required tag, an unknown version or algorithm, {@code i=} outside {@code d=}, {@code h=}
 * without From, an invalid domain.
 */
record DkimSignature(String algorithm, String domain, String selector, String identity, boolean relaxedHeader,
                     boolean relaxedBody, List<String> signedHeaders, byte[] bodyHash, byte[] signature,
                     Long length, Long timestamp, Long expiration) {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");

    /** The hash half of the algorithm ({@code sha256} or {@code sha1}). */
    String hash() {
        return algorithm.substring(algorithm.indexOf('-') + 1);
    }

    /** The key type half of the algorithm ({@code rsa} or {@code ed25519}). */
    String keyType() {
        return algorithm.substring(0, algorithm.indexOf('-'));
    }

    /** Partial parse for reporting: d=, s=, a= as far as they can be read, never throws. */
    static String[] identify(String value) {
        String d = null;
        String s = null;
        String a = null;
        for (String spec : value.split(";")) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = spec.substring(0, eq).strip();
            String v = spec.substring(eq + 1).replaceAll("\\s+", "");
            switch (name) {
                case "d" -> d = v;
                case "s" -> s = v;
                case "a" -> a = v;
                default -> {
                }
            }
        }
        return new String[] {d, s, a};
    }

    static DkimSignature parse(String value) throws DkimPermError {
        TagList tags;
        try {
            tags = TagList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new DkimPermError("signature syntax: " + e.getMessage());
        }
        String v = required(tags, "v");
        if (!v.equals("1")) {
            throw new DkimPermError("unsupported version v=" + v);
        }
        String a = required(tags, "a").toLowerCase(Locale.ROOT);
        if (!a.equals("rsa-sha256") && !a.equals("rsa-sha1") && !a.equals("ed25519-sha256")) {
            throw new DkimPermError("unsupported algorithm a=" + a);
        }
        byte[] b = base64(required(tags, "b"), "b");
        byte[] bh = base64(required(tags, "bh"), "bh");
        String d = required(tags, "d");
        if (!DOMAIN.matcher(d).matches()) {
            throw new DkimPermError("invalid signing domain d=" + d);
        }
        String s = required(tags, "s");
        if (!DOMAIN.matcher(s).matches()) {
            throw new DkimPermError("invalid selector s=" + s);
        }
        List<String> h = new ArrayList<>();
        for (String name : required(tags, "h").split(":")) {
            String n = name.strip();
            if (n.isEmpty()) {
                throw new DkimPermError("empty header name in h=");
            }
            h.add(n);
        }
        if (h.stream().noneMatch(n -> n.equalsIgnoreCase("from"))) {
            throw new DkimPermError("From is not signed (h=)");
        }
        String c = tags.get("c").orElse("simple/simple").toLowerCase(Locale.ROOT);
        String[] cs = c.split("/", -1);
        if (cs.length > 2 || !isCanon(cs[0]) || cs.length == 2 && !isCanon(cs[1])) {
            throw new DkimPermError("bad canonicalization c=" + c);
        }
        boolean relaxedHeader = cs[0].equals("relaxed");
        boolean relaxedBody = cs.length == 2 && cs[1].equals("relaxed");
        String i = tags.get("i").orElse("@" + d);
        int at = i.lastIndexOf('@');
        if (at < 0) {
            throw new DkimPermError("i= without @");
        }
        String iDomain = i.substring(at + 1).toLowerCase(Locale.ROOT);
        String dLower = d.toLowerCase(Locale.ROOT);
        if (!iDomain.equals(dLower) && !iDomain.endsWith("." + dLower)) {
            throw new DkimPermError("i= domain " + iDomain + " is not d= or a subdomain of it");
        }
        String q = tags.get("q").orElse("dns/txt");
        if (!q.toLowerCase(Locale.ROOT).contains("dns/txt")) {
            throw new DkimPermError("unsupported query method q=" + q);
        }
        Long l = number(tags, "l");
        Long t = number(tags, "t");
        Long x = number(tags, "x");
        if (t != null && x != null && x < t) {
            throw new DkimPermError("x= is before t=");
        }
        return new DkimSignature(a, d, s, i, relaxedHeader, relaxedBody, List.copyOf(h), bh, b, l, t, x);
    }

    private static boolean isCanon(String c) {
        return c.equals("simple") || c.equals("relaxed");
    }

    private static String required(TagList tags, String name) throws DkimPermError {
        String v = tags.get(name).orElse(null);
        if (v == null || v.isEmpty() && !name.equals("b")) {
            throw new DkimPermError("missing tag " + name + "=");
        }
        return v;
    }

    private static Long number(TagList tags, String name) throws DkimPermError {
        String v = tags.get(name).orElse(null);
        if (v == null) {
            return null;
        }
        if (!v.matches("[0-9]{1,76}")) {
            throw new DkimPermError("bad " + name + "=" + v);
        }
        return v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
    }

    static byte[] base64(String value, String tag) throws DkimPermError {
        try {
            return Base64.getDecoder().decode(value.replaceAll("[ \t\r\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new DkimPermError("bad base64 in " + tag + "=");
        }
    }
}
