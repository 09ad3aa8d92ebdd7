package dev.mailroom.router.auth;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.mailroom.mail.dns.CachingDnsResolver;
import dev.mailroom.mail.dns.DnsCache;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsjavaResolver;

/** Makes the application's {@link DnsResolver}: dnsjava with the configured servers and timeout, behind a cache. */
@ApplicationScoped
public class DnsResolverProducer {

    @Produces
    @Singleton
    DnsResolver dnsResolver(AuthConfig config) {
        AuthConfig.Dns dns = config.dns();
        DnsResolver resolver = new DnsjavaResolver(dns.servers().orElse(List.of()), dns.timeout());
        return new CachingDnsResolver(resolver,
                new DnsCache(dns.cacheSize(), dns.cacheMaxTtl().toSeconds(), Clock.systemUTC()));
    }
}
