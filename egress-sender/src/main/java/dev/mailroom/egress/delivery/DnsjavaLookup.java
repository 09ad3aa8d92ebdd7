package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsLookup} with dnsjava: the system's resolvers, or one given as {@code host[:port]}. Keeps its own cache.
 * Blocking.
 */
public final class DnsjavaLookup implements DnsLookup {

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    /**
     * @param resolverHostPort a resolver such as {@code 127.0.0.1:5353} or {@code [::1]:53}; empty for the system's
     * @param timeout per query
     */
    public DnsjavaLookup(Optional<String> resolverHostPort, Duration timeout) {
        this.resolver = resolverHostPort.filter(s -> !s.isBlank()).map(DnsjavaLookup::simpleResolver)
                .orElseGet(ExtendedResolver::new);
        this.resolver.setTimeout(timeout);
    }

    @Override
    public List<MxRecord> mx(String domain) throws IOException {
        Lookup lookup = lookup(domain, Type.MX);
        if (lookup == null) {
            return List.of();
        }
        Record[] answers = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<MxRecord> records = new ArrayList<>();
                for (Record r : answers) {
                    if (r instanceof MXRecord mx) {
                        String target = mx.getTarget().toString();
                        records.add(new MxRecord(mx.getPriority(),
                                target.length() > 1 && target.endsWith(".") ? target.substring(0, target.length() - 1)
                                        : target));
                    }
                }
                return records;
            }
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> {
                return List.of();
            }
            default -> throw new IOException(domain + " MX: " + lookup.getErrorString());
        }
    }

    @Override
    public boolean hasAddress(String host) throws IOException {
        IOException failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup lookup = lookup(host, type);
            if (lookup == null) {
                return false;
            }
            lookup.run();
            int result = lookup.getResult();
            if (result == Lookup.SUCCESSFUL) {
                return true;
            }
            if (result != Lookup.HOST_NOT_FOUND && result != Lookup.TYPE_NOT_FOUND) {
                failure = new IOException(host + " " + Type.string(type) + ": " + lookup.getErrorString());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return false;
    }

    /** {@code null} when {@code name} is not a valid domain name (it then has no records). */
    private Lookup lookup(String name, int type) {
        Name absolute;
        try {
            absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return null;
        }
        Lookup lookup = new Lookup(absolute, type);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        return lookup;
    }

    /** A resolver for {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port} (port 53 by default). */
    public static Resolver simpleResolver(String hostPort) {
        String host = hostPort.trim();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad resolver address: " + hostPort);
            }
            if (host.length() > close + 1 && host.charAt(close + 1) == ':') {
                port = Integer.parseInt(host.substring(close + 2));
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        return new SimpleResolver(new InetSocketAddress(host, port));
    }
}
