package dev.mailroom.api.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The domain store's test world: a master key, and a real authoritative DNS server ({@link KnotServer}) for the
 * zone {@code test.} that verification asks. Tests publish records with {@link #publish}. Without knotd the
 * resolver points at a closed port and tests that need DNS skip.
 */
public class KnotDnsResource implements QuarkusTestResourceLifecycleManager {

    private static KnotServer knot;
    /** The TSIG secret (base64) that may UPDATE the zone, key {@link KnotServer#UPDATE_KEY}. */
    public static final String UPDATE_SECRET = Base64.getEncoder().encodeToString(random(32));

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public Map<String, String> start() {
        byte[] key = random(32);
        if (KnotServer.binary().isPresent()) {
            knot = KnotServer.start("test", UPDATE_SECRET);
        }
        return Map.of(
                "mailroom.deliverability.master-key", Base64.getEncoder().encodeToString(key),
                "mailroom.deliverability.dns-resolver", knot != null ? knot.address() : "127.0.0.1:9",
                "mailroom.deliverability.dns-timeout", "2s",
                "mailroom.deliverability.mx-host", "mx.mailroom.test");
    }

    @Override
    public void stop() {
        if (knot != null) {
            knot.close();
            knot = null;
        }
    }

    public static boolean available() {
        return knot != null;
    }

    /** {@code 127.0.0.1:<port>} of the DNS server. */
    public static String address() {
        return knot.address();
    }

    /** Serves {@code zone} (zone-file lines, e.g. the API's zone rendering) as the whole {@code test.} zone. */
    public static void publish(String zone) {
        knot.publish(zone);
    }

    /** The TXT values at {@code name} as the DNS server answers them (strings joined). */
    public static List<String> txt(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", knot.port()));
        resolver.setTimeout(Duration.ofSeconds(2));
        Lookup lookup = new Lookup(Name.fromString(name + "."), Type.TXT);
        lookup.setResolver(resolver);
        lookup.setCache(new Cache(DClass.IN));
        Record[] records = lookup.run();
        List<String> out = new ArrayList<>();
        if (records != null) {
            for (Record r : records) {
                out.add(String.join("", ((TXTRecord) r).getStrings()));
            }
        }
        return out;
    }

    private static final Pattern SIGNATURE = Pattern.compile("(?i)^DKIM-Signature:(.*(?:\\r\\n[ \\t].*)*)",
            Pattern.MULTILINE);

    /**
     * Runs dkimpy on {@code message}, its key records looked up in the DNS server (the published records, not the
     * API's copies); returns its lines ("signatures n", "sig i a d pass|fail detail").
     */
    public static List<String> verifyThroughDns(byte[] message) throws IOException, InterruptedException {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        StringBuilder records = new StringBuilder();
        Matcher m = SIGNATURE.matcher(text);
        while (m.find()) {
            String sig = m.group(1).replaceAll("\\s+", "");
            String d = tag(sig, "d");
            String s = tag(sig, "s");
            String name = s + "._domainkey." + d;
            for (String value : txt(name)) {
                records.append(name).append('\t').append(value).append('\n');
            }
        }
        Path msg = Files.createTempFile("dkim-msg-", ".eml");
        Path file = Files.createTempFile("dkim-records-", ".txt");
        Files.write(msg, message);
        Files.writeString(file, records);
        Process p = new ProcessBuilder("/usr/bin/python3", "../mail/src/test/resources/dkim/dkimpy_verify.py",
                msg.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("dkimpy_verify.py failed: " + out);
        }
        return out.lines().toList();
    }

    private static String tag(String signature, String tag) {
        for (String part : signature.split(";")) {
            if (part.startsWith(tag + "=")) {
                return part.substring(tag.length() + 1);
            }
        }
        throw new AssertionError("no " + tag + "= in " + signature);
    }
}
