package dev.mailroom.mail.dns;

import java.net.InetAddress;

/**
 * The one DNS port of Mailroom: the lookups SPF, DKIM and DMARC verification (router), MX routing and domain record
 * checks (egress-sender) need. Implementations never throw for DNS trouble and never block longer
 * than their configured per-query timeout: a timeout or server failure is a {@link DnsResult.Status#TEMPERROR}
 * result. Names are given without the trailing dot; case does not matter. Implementations are thread-safe; calls
 * block the calling thread, so callers run them on worker threads.
 */
public interface DnsResolver {

    /** TXT records of {@code name}; each value is the record's character-strings joined without separator. */
    DnsResult<String> txt(String name);

    /** IPv4 addresses of {@code name}. */
    DnsResult<InetAddress> a(String name);

    /** IPv6 addresses of {@code name}. */
    DnsResult<InetAddress> aaaa(String name);

    /** MX records of {@code name}, in preference order. */
    DnsResult<MxHost> mx(String name);

    /** PTR names (without trailing dot) of {@code address}. */
    DnsResult<String> ptr(InetAddress address);
}
