package dev.mailroom.mail.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.xbill.DNS.ReverseMap;

/**
 * A {@link DnsResolver} answering from zone data held in memory: the test double of the DNS port (it passes
 * {@code DnsResolverContract} like the real adapter), for the tests of every module. Per name, an ordered list of entries
 * (type + value); a {@code TIMEOUT} entry makes a query time out unless a record of the queried type came before it
 * (the convention of the OpenSPF test suite); CNAME entries are followed; names not held are NXDOMAIN, names held
 * without the queried type NODATA. Names containing a configured marker (e.g. {@code _dns_error.}) fail with a
 * temporary error. Set it up before sharing it between threads.
 */
public final class InMemoryDnsResolver implements DnsResolver {

    private record Entry(String type, Object value) {
    }

    private final Map<String, List<Entry>> zone = new LinkedHashMap<>();
    private final List<String> errorMarkers = new ArrayList<>();
    private final AtomicInteger queries = new AtomicInteger();

    private static String norm(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Adds a record: type TXT (value String), A/AAAA (String or InetAddress), MX ({@link MxHost}), PTR, CNAME. */
    public InMemoryDnsResolver add(String name, String type, Object value) {
        zone.computeIfAbsent(norm(name), k -> new ArrayList<>()).add(new Entry(type.toUpperCase(Locale.ROOT), value));
        return this;
    }

    /** Makes the name exist (NODATA for every type) without records. */
    public InMemoryDnsResolver exists(String name) {
        zone.computeIfAbsent(norm(name), k -> new ArrayList<>());
        return this;
    }

    /** Queries of this name time out unless a record of the queried type was added before this call. */
    public InMemoryDnsResolver timeout(String name) {
        return add(name, "TIMEOUT", null);
    }

    /** Queries for names containing {@code marker} fail with a temporary error. */
    public InMemoryDnsResolver errorWhenNameContains(String marker) {
        errorMarkers.add(marker.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Number of queries answered so far. */
    public int queryCount() {
        return queries.get();
    }

    private <T> DnsResult<T> query(String name, String type, Function<Object, T> mapper) {
        queries.incrementAndGet();
        return query(norm(name), type, mapper, new HashSet<>());
    }

    private <T> DnsResult<T> query(String name, String type, Function<Object, T> mapper, Set<String> seen) {
        for (String marker : errorMarkers) {
            if ((name + ".").contains(marker)) {
                return DnsResult.tempError("in-memory: error for " + name);
            }
        }
        List<Entry> entries = zone.get(name);
        if (entries == null) {
            return DnsResult.nxdomain(300);
        }
        List<T> values = new ArrayList<>();
        for (Entry e : entries) {
            if (e.type.equals("TIMEOUT")) {
                if (values.isEmpty()) {
                    return DnsResult.tempError("in-memory: timeout " + type + " " + name);
                }
                continue;
            }
            if (e.type.equals(type)) {
                values.add(mapper.apply(e.value));
            } else if (e.type.equals("CNAME") && values.isEmpty()) {
                String target = norm((String) e.value);
                if (!seen.add(name)) {
                    return DnsResult.tempError("in-memory: CNAME loop at " + name);
                }
                return query(target, type, mapper, seen);
            }
        }
        return DnsResult.ok(values, 300);
    }

    private static InetAddress address(Object value) {
        if (value instanceof InetAddress a) {
            return a;
        }
        try {
            return InetAddress.getByName((String) value);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(value + " is not an address literal", e);
        }
    }

    @Override
    public DnsResult<String> txt(String name) {
        return query(name, "TXT", v -> (String) v);
    }

    @Override
    public DnsResult<InetAddress> a(String name) {
        return query(name, "A", InMemoryDnsResolver::address);
    }

    @Override
    public DnsResult<InetAddress> aaaa(String name) {
        return query(name, "AAAA", InMemoryDnsResolver::address);
    }

    @Override
    public DnsResult<MxHost> mx(String name) {
        DnsResult<MxHost> result = query(name, "MX", v -> (MxHost) v);
        if (result.status() != DnsResult.Status.OK) {
            return result;
        }
        List<MxHost> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparingInt(MxHost::preference)); // as a resolver gives them: preference order
        return DnsResult.ok(sorted, result.ttlSeconds());
    }

    @Override
    public DnsResult<String> ptr(InetAddress address) {
        return query(ReverseMap.fromAddress(address).toString(), "PTR", v -> norm((String) v));
    }
}
