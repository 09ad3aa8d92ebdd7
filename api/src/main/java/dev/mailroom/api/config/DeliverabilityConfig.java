package dev.mailroom.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The domain store and the DNS records each domain must publish ({@code mailroom.deliverability.*}, the api's; ADR
 * 0033). Not {@code mailroom.domains}: ingress-smtp and the router already use that name for their accepted-domain
 * list. egress-sender reads only {@code master-key} (platform's {@code MasterKeys}) to open the keys it signs with.
 */
@ConfigMapping(prefix = "mailroom.deliverability")
public interface DeliverabilityConfig {

    /**
     * AES-256-GCM key that encrypts the DKIM private keys in the database: 32 random bytes in base64 (env
     * {@code MAILROOM_DELIVERABILITY_MASTER_KEY}; {@code head -c 32 /dev/urandom | base64}). Unset: domains cannot be
     * created or rotated (503). egress-sender must be given the same key to sign with the keys. Read by platform's
     * {@code MasterKeys}; mapped here so that the property is documented and known.
     */
    Optional<String> masterKey();

    /** The host published as each domain's MX: the inbound SMTP host. */
    @WithDefault("mailroom.localhost")
    String mxHost();

    /** Preference of the published MX record. */
    @WithDefault("10")
    int mxPriority();

    /**
     * SPF mechanisms naming the hosts that send for the domains, e.g. {@code ip4:203.0.113.7,ip6:2001:db8::7,
     * include:_spf.smarthost.example}. The default {@code mx} suits one host that receives and sends.
     */
    @WithDefault("mx")
    List<String> spfMechanisms();

    /** The SPF record's last term: {@code -all} (fail others) or {@code ~all} (soft fail). */
    @WithDefault("-all")
    String spfAll();

    /** DMARC policy published at {@code _dmarc}: {@code none}, {@code quarantine} or {@code reject}. */
    @WithDefault("none")
    String dmarcPolicy();

    /** Address that receives DMARC aggregate reports ({@code rua=mailto:...}); unset: no {@code rua} tag. */
    Optional<String> dmarcRua();

    /** MTA-STS policy id; set, a {@code _mta-sts} TXT record ({@code v=STSv1; id=...}) is published (RFC 8461). */
    Optional<String> mtaStsId();

    /** Address for SMTP TLS reports; set, a {@code _smtp._tls} TXT record is published (RFC 8460). */
    Optional<String> tlsRptRua();

    /** TTL of the records in the zone-file rendering, in seconds. */
    @WithDefault("3600")
    int ttl();

    /** DNS resolver that verification asks, {@code host} or {@code host:port}; unset: the system's resolvers. */
    Optional<String> dnsResolver();

    /** Time-out of each verification query. */
    @WithDefault("5s")
    Duration dnsTimeout();

    /**
     * A stored domain may send only once its DKIM records were verified in DNS (its record on
     * {@code mailroom.domains} says {@code maySend}; the api's send path and egress-sender's refuse it before).
     * Domains not in the store (configured PEM keys in egress-sender, or none) are not affected.
     */
    @WithDefault("true")
    boolean requireVerifiedDkim();

    /**
     * How often every domain's records are looked up again. A record that was found and no longer is emits a
     * {@code domain.record-broken} event; a rotation's new key starts signing once its record shows up.
     */
    @WithDefault("6h")
    Duration reverifyInterval();

    /** How long a replaced DKIM key stays published (retiring) before it is retired. */
    @WithDefault("7d")
    Duration retireAfter();

    /** How often every stored domain is published again to {@code mailroom.domains} (also once at start). */
    @WithDefault("10m")
    Duration republishInterval();
}
