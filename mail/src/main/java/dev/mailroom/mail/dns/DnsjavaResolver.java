package dev.mailroom.mail.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsResolver} backed by dnsjava, asking a recursive resolver (the configured servers, or the system's) with a
 * hard per-query timeout (one retry; a query gives up after twice the timeout at the latest). Every failure becomes a
 * {@link DnsResult.Status#TEMPERROR} result. Nothing is cached here: {@link CachingDnsResolver} adds a cache.
 */
public final class DnsjavaResolver implements DnsResolver {

    /** TTL used for negative answers that carry no SOA. */
    private static final long DEFAULT_NEGATIVE_TTL = 60;

    private final Resolver resolver;
    private final Duration timeout;

    /**
     * @param servers recursive resolvers as {@link #address} reads them; empty = the system's
     * @param timeout per query, retries included
     */
    public DnsjavaResolver(List<String> servers, Duration timeout) {
        this.timeout = timeout;
        this.resolver = build(servers, timeout);
    }

    private static Resolver build(List<String> servers, Duration timeout) {
        ExtendedResolver r;
        if (servers == null || servers.isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> list = new ArrayList<>();
            for (String s : servers) {
                list.add(new SimpleResolver(address(s)));
            }
            r = new ExtendedResolver(list);
        }
        r.setTimeout(timeout);
        r.setRetries(1);
        return r;
    }

    /**
     * The socket address of a DNS server given as {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}
     * (port 53 by default); a bare IPv6 address has no port.
     *
     * @throws IllegalArgumentException when it cannot be read or the host is unknown
     */
    public static InetSocketAddress address(String hostPort) {
        String host = hostPort.trim();
        int port = 53;
        try {
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("bad dns server address: " + hostPort);
                }
                if (host.length() > close + 1 && host.charAt(close + 1) == ':') {
                    port = Integer.parseInt(host.substring(close + 2));
                }
                host = host.substring(1, close);
            } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
                port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
                host = host.substring(0, host.indexOf(':'));
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("bad dns server address: " + hostPort, e);
        }
    }

    @Override
    public DnsResult<String> txt(String name) {
        return query(name, Type.TXT, r -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                out.writeBytes(part);
            }
            // ISO-8859-1 keeps every byte: SPF and DKIM parsers reject non-ASCII themselves
            return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        });
    }

    @Override
    public DnsResult<InetAddress> a(String name) {
        return query(name, Type.A, r -> ((ARecord) r).getAddress());
    }

    @Override
    public DnsResult<InetAddress> aaaa(String name) {
        return query(name, Type.AAAA, r -> ((AAAARecord) r).getAddress());
    }

    @Override
    public DnsResult<MxHost> mx(String name) {
        DnsResult<MxHost> result = query(name, Type.MX, r -> new MxHost(((MXRecord) r).getPriority(),
                stripDot(((MXRecord) r).getTarget().toString())));
        if (result.status() != DnsResult.Status.OK) {
            return result;
        }
        List<MxHost> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparingInt(MxHost::preference));
        return DnsResult.ok(sorted, result.ttlSeconds());
    }

    @Override
    public DnsResult<String> ptr(InetAddress address) {
        return query(ReverseMap.fromAddress(address), Type.PTR,
                r -> stripDot(((PTRRecord) r).getTarget().toString()));
    }

    private <T> DnsResult<T> query(String name, int type, Function<Record, T> mapper) {
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return DnsResult.nxdomain(0);
        }
        return query(qname, type, mapper);
    }

    private <T> DnsResult<T> query(Name qname, int type, Function<Record, T> mapper) {
        Message response;
        try {
            Message request = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
            response = resolver.sendAsync(request).toCompletableFuture()
                    .get(timeout.toMillis() * 2 + 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return DnsResult.tempError("timeout " + Type.string(type) + " " + qname);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsResult.tempError("interrupted");
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return DnsResult.tempError(Type.string(type) + " " + qname + ": " + cause);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return DnsResult.nxdomain(negativeTtl(response));
        }
        if (rcode != Rcode.NOERROR) {
            return DnsResult.tempError(Type.string(type) + " " + qname + ": " + Rcode.string(rcode));
        }
        List<T> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                values.add(mapper.apply(r));
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (values.isEmpty()) {
            return DnsResult.nodata(negativeTtl(response));
        }
        return DnsResult.ok(values, ttl);
    }

    private static long negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return DEFAULT_NEGATIVE_TTL;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
