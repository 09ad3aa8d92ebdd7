package dev.mailroom.egress.delivery;

import java.io.IOException;
import java.util.List;

/** The DNS queries MX routing needs. Implementations may block; callers run them on worker threads. */
public interface DnsLookup {

    /**
     * The MX records of {@code domain} (ASCII, no trailing dot), in any order; empty when the domain does not exist
     * (NXDOMAIN) or has none. A null MX (RFC 7505) is a record whose host is {@code "."}.
     *
     * @throws IOException on a temporary DNS failure (time-out, SERVFAIL)
     */
    List<MxRecord> mx(String domain) throws IOException;

    /**
     * Whether {@code host} has an A or AAAA record.
     *
     * @throws IOException on a temporary DNS failure
     */
    boolean hasAddress(String host) throws IOException;
}
