package dev.mailroom.api.domain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import dev.mailroom.api.domain.DnsRecord.Purpose;

/**
 * Publishes a domain's records to its authoritative server with RFC 2136 dynamic UPDATE, signed with TSIG
 * (RFC 8945). Idempotent: the server's current records are read first (over TCP, signed too) and only differences are
 * sent, in one UPDATE; when nothing differs nothing is sent, so the zone's serial does not move.
 *
 * <p>What it owns: the MX RRset of the domain, the DKIM, DMARC, MTA-STS and TLS-RPT RRsets at their names (replaced
 * whole), and among the domain's TXT records only the SPF one ({@code v=spf1}); other TXT records at the apex (site
 * verifications...) are left alone. Selectors no longer published (retired keys) are deleted.
 */
public final class DnsPublisher {

    /** TSIG algorithms accepted, by their configuration names. */
    public static final Map<String, Name> ALGORITHMS = Map.of(
            "hmac-sha256", TSIG.HMAC_SHA256, "hmac-sha384", TSIG.HMAC_SHA384, "hmac-sha512", TSIG.HMAC_SHA512,
            "hmac-sha224", TSIG.HMAC_SHA224, "hmac-sha1", TSIG.HMAC_SHA1);

    /**
     * Where and how to publish.
     *
     * @param server       the authoritative (primary) server, {@code host:port}
     * @param zone         the zone apex named in the UPDATE (the domain or a parent)
     * @param keyName      TSIG key name
     * @param keyAlgorithm one of {@link #ALGORITHMS}
     * @param secret       the TSIG secret (raw bytes)
     */
    public record Target(String server, String zone, String keyName, String keyAlgorithm, byte[] secret) {

        public Target {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(keyName, "keyName");
            Objects.requireNonNull(secret, "secret");
            if (!ALGORITHMS.containsKey(keyAlgorithm)) {
                throw new IllegalArgumentException("unknown TSIG algorithm " + keyAlgorithm);
            }
        }

        /** Hides the secret. */
        @Override
        public String toString() {
            return "Target[" + server + " zone " + zone + " key " + keyName + " " + keyAlgorithm + "]";
        }
    }

    /** One change sent: {@code add} or {@code delete} of a record (value null: the whole RRset). */
    public record Change(String action, String name, String type, String value) {
    }

    /** The server refused or could not be asked; the message says why, for the API. */
    public static final class PublishException extends Exception {
        private static final long serialVersionUID = 1L;

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Duration timeout;

    public DnsPublisher(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Makes the server hold {@code expected} and no longer hold the TXT records at {@code retiredNames}; returns the
     * changes sent (empty: the zone already matched and nothing was sent).
     */
    public List<Change> publish(Target target, List<DnsRecord> expected, List<String> retiredNames, int ttl)
            throws PublishException {
        SimpleResolver resolver = resolver(target);
        Name zone = name(target.zone());
        Update update = new Update(zone);
        List<Change> changes = new ArrayList<>();
        Map<String, List<DnsRecord>> byRrset = new LinkedHashMap<>();
        expected.forEach(r -> byRrset.computeIfAbsent(r.name() + "/" + r.type(), k -> new ArrayList<>()).add(r));
        for (List<DnsRecord> rrset : byRrset.values()) {
            DnsRecord first = rrset.get(0);
            Name owner = name(first.name());
            int type = Type.value(first.type());
            List<Record> current = query(resolver, owner, type);
            if (first.purpose() == Purpose.SPF) {
                DnsRecord spf = first;
                List<Record> spfRecords = current.stream().filter(r -> text(r).toLowerCase(Locale.ROOT)
                        .matches("v=spf1( .*)?")).toList();
                if (spfRecords.size() == 1 && text(spfRecords.get(0)).equals(spf.value())) {
                    continue;
                }
                for (Record old : spfRecords) {
                    update.delete(old);
                    changes.add(new Change("delete", spf.name(), spf.type(), text(old)));
                }
                update.add(record(spf, owner, ttl));
                changes.add(new Change("add", spf.name(), spf.type(), spf.value()));
                continue;
            }
            List<String> want = rrset.stream().map(r -> r.type().equals("TXT") ? r.value()
                    : r.value().toLowerCase(Locale.ROOT)).sorted().toList();
            List<String> have = current.stream().map(DnsPublisher::text).sorted().toList();
            if (want.equals(have)) {
                continue;
            }
            if (!current.isEmpty()) {
                update.delete(owner, type);
                changes.add(new Change("delete", first.name(), first.type(), null));
            }
            for (DnsRecord r : rrset) {
                update.add(record(r, owner, ttl));
                changes.add(new Change("add", r.name(), r.type(), r.value()));
            }
        }
        for (String retired : retiredNames) {
            Name owner = name(retired);
            if (!query(resolver, owner, Type.TXT).isEmpty()) {
                update.delete(owner, Type.TXT);
                changes.add(new Change("delete", retired, "TXT", null));
            }
        }
        if (changes.isEmpty()) {
            return changes;
        }
        Message answer = send(resolver, update, "UPDATE");
        if (answer.getRcode() != Rcode.NOERROR) {
            throw new PublishException(target.server() + " refused the UPDATE of zone " + target.zone() + ": "
                    + Rcode.string(answer.getRcode()) + tsigError(answer), null);
        }
        return changes;
    }

    private List<Record> query(SimpleResolver resolver, Name owner, int type) throws PublishException {
        Message answer = send(resolver, Message.newQuery(Record.newRecord(owner, type, DClass.IN)), "query");
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new PublishException("the server answered " + Rcode.string(rcode) + tsigError(answer)
                    + " to the query of " + owner + " " + Type.string(type), null);
        }
        return answer.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type && r.getName().equals(owner)).toList();
    }

    private static Message send(SimpleResolver resolver, Message message, String what) throws PublishException {
        try {
            return resolver.send(message);
        } catch (IOException e) {
            throw new PublishException(what + " to " + resolver.getAddress() + " failed: " + e.getMessage(), e);
        }
    }

    private static String tsigError(Message answer) {
        Record tsig = answer.getTSIG();
        if (tsig instanceof org.xbill.DNS.TSIGRecord t && t.getError() != Rcode.NOERROR) {
            return " (TSIG " + Rcode.TSIGstring(t.getError()) + ": wrong key name, algorithm or secret?)";
        }
        return answer.getRcode() == Rcode.NOTAUTH || answer.getRcode() == Rcode.REFUSED
                ? " (is the key allowed to update this zone?)" : "";
    }

    private SimpleResolver resolver(Target target) throws PublishException {
        String host = target.server().strip();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0 && host.length() > close + 2 && host.charAt(close + 1) == ':') {
                port = Integer.parseInt(host.substring(close + 2));
            }
            host = host.substring(1, Math.max(1, close));
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
        resolver.setTSIGKey(new TSIG(ALGORITHMS.get(target.keyAlgorithm()), name(target.keyName()),
                target.secret()));
        return resolver;
    }

    private static Record record(DnsRecord r, Name owner, int ttl) {
        if (r.type().equals("MX")) {
            String[] parts = r.value().split(" ", 2);
            try {
                return new MXRecord(owner, DClass.IN, ttl, Integer.parseInt(parts[0]), Name.fromString(parts[1]));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("bad MX target " + parts[1], e);
            }
        }
        List<String> strings = new ArrayList<>();
        for (byte[] piece : DnsRecord.characterStrings(r.value())) {
            // TXTRecord reads its strings in presentation form: escape the backslash and the quote
            strings.add(new String(piece, StandardCharsets.ISO_8859_1).replace("\\", "\\\\").replace("\"", "\\\""));
        }
        return new TXTRecord(owner, DClass.IN, ttl, strings);
    }

    /** A record's value as {@link DnsRecord#value()} writes it: TXT strings joined, MX as {@code pref host.}. */
    static String text(Record r) {
        if (r instanceof TXTRecord txt) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            txt.getStringsAsByteArrays().forEach(out::writeBytes);
            return out.toString(StandardCharsets.UTF_8); // the strings joined, then decoded (a split may cut a char)
        }
        if (r instanceof MXRecord mx) {
            return (mx.getPriority() + " " + mx.getTarget()).toLowerCase(Locale.ROOT);
        }
        return r.rdataToString();
    }

    private static Name name(String s) throws IllegalArgumentException {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + s, e);
        }
    }

    /** A TSIG secret from its base64 configuration form. */
    public static byte[] secret(String base64) {
        return Base64.getDecoder().decode(base64.strip());
    }
}
