package dev.mailroom.egress.config;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

import dev.mailroom.egress.delivery.Credentials;
import dev.mailroom.egress.delivery.MxDelivery;
import dev.mailroom.egress.delivery.MxResolver;
import dev.mailroom.egress.delivery.SmtpClient;
import dev.mailroom.egress.delivery.SmtpClientOptions;
import dev.mailroom.egress.delivery.SmtpEndpoint;
import dev.mailroom.egress.delivery.TlsPolicy;
import dev.mailroom.mail.dns.CachingDnsResolver;
import dev.mailroom.mail.dns.DnsCache;
import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsjavaResolver;
import io.vertx.core.Vertx;

/** Builds the SMTP client and the routing (smarthost, transport overrides, MX) from {@link EgressConfig}. */
@ApplicationScoped
public class DeliveryBeans {

    @Produces
    @ApplicationScoped
    SmtpClient smtpClient(Vertx vertx, EgressConfig config) {
        return new SmtpClient(vertx, new SmtpClientOptions(config.heloName(), config.connectTimeout(),
                config.commandTimeout(), config.connectionsPerDestination(), Duration.ofSeconds(30)));
    }

    void close(@Disposes SmtpClient client) {
        client.close();
    }

    /**
     * The DNS port for MX routing: dnsjava asking {@code mailroom.egress.dns-resolver} (or the system's resolvers),
     * 10 s per query, answers cached for their TTL (at most an hour, 10,000 names).
     */
    @Produces
    @ApplicationScoped
    @Named("delivery")
    DnsResolver deliveryDns(EgressConfig config) {
        List<String> servers = config.dnsResolver().filter(s -> !s.isBlank()).map(List::of).orElse(List.of());
        return new CachingDnsResolver(new DnsjavaResolver(servers, Duration.ofSeconds(10)),
                new DnsCache(10_000, 3600, Clock.systemUTC()));
    }

    @Produces
    @ApplicationScoped
    MxDelivery mxDelivery(Vertx vertx, SmtpClient client, EgressConfig config, @Named("delivery") DnsResolver dns) {
        Optional<SmtpEndpoint> smarthost = config.smarthost().filter(s -> !s.isBlank()).map(s -> endpoint(
                "mailroom.egress.smarthost", s, TlsPolicy.valueOf(config.smarthostTls().toUpperCase(Locale.ROOT)),
                config.smarthostUsername().map(u -> new Credentials(u, config.smarthostPassword().orElse("")))
                        .orElse(null),
                config.smarthostTrustAll()));
        Map<String, SmtpEndpoint> transports = new HashMap<>();
        config.transports().forEach((domain, target) -> transports.put(domain.toLowerCase(Locale.ROOT),
                endpoint("mailroom.egress.transports." + domain, target, TlsPolicy.OPPORTUNISTIC, null, true)));
        MxResolver resolver = new MxResolver(dns);
        return new MxDelivery(vertx, client, resolver, smarthost, transports);
    }

    static SmtpEndpoint endpoint(String property, String hostPort, TlsPolicy tls, Credentials credentials,
            boolean trustAll) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(property + " must be host:port, got '" + hostPort + "'");
        }
        return new SmtpEndpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), tls,
                credentials, trustAll);
    }
}
