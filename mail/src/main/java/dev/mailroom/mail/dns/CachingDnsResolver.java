package dev.mailroom.mail.dns;

import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Supplier;

/** Decorates a {@link DnsResolver} with a {@link DnsCache}. */
public final class CachingDnsResolver implements DnsResolver {

    private final DnsResolver delegate;
    private final DnsCache cache;

    public CachingDnsResolver(DnsResolver delegate, DnsCache cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    private <T> DnsResult<T> cached(String key, Supplier<DnsResult<T>> query) {
        DnsResult<T> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        DnsResult<T> result = query.get();
        cache.put(key, result);
        return result;
    }

    private static String key(String type, String name) {
        return type + " " + name.toLowerCase(Locale.ROOT);
    }

    @Override
    public DnsResult<String> txt(String name) {
        return cached(key("TXT", name), () -> delegate.txt(name));
    }

    @Override
    public DnsResult<InetAddress> a(String name) {
        return cached(key("A", name), () -> delegate.a(name));
    }

    @Override
    public DnsResult<InetAddress> aaaa(String name) {
        return cached(key("AAAA", name), () -> delegate.aaaa(name));
    }

    @Override
    public DnsResult<MxHost> mx(String name) {
        return cached(key("MX", name), () -> delegate.mx(name));
    }

    @Override
    public DnsResult<String> ptr(InetAddress address) {
        return cached(key("PTR", address.getHostAddress()), () -> delegate.ptr(address));
    }
}
