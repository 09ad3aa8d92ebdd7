package dev.mailroom.mail.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;

import org.junit.jupiter.api.Test;

/** {@link CachingDnsResolver} keeps the contract of the resolver it caches. */
class CachingDnsResolverContractTest implements DnsResolverContract {

    private final InMemoryDnsResolver backend = InMemoryDnsResolverContractTest.zone();
    private final CachingDnsResolver resolver = new CachingDnsResolver(backend,
            new DnsCache(100, 3600, Clock.systemUTC()));

    @Override
    public DnsResolver resolver() {
        return resolver;
    }

    @Test
    void answersComeFromTheCacheTheSecondTime() {
        resolver.mx("mx.contract.test");
        resolver.mx("MX.contract.test");
        resolver.txt(FAILING);
        resolver.txt(FAILING);
        assertEquals(3, backend.queryCount(), "one MX query, both failing queries (temporary errors are not kept)");
    }
}
