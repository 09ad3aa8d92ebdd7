package dev.mailroom.platform.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The rule for URLs Mailroom calls on a customer's behalf (event webhooks, webhook agents): only {@code http} and
 * {@code https}, no credentials in the URL, and a host that resolves only to public addresses. Refused: loopback,
 * link-local (169.254/16, fe80::/10, so the cloud metadata address 169.254.169.254 too), private (RFC 1918, ULA
 * fc00::/7), unspecified, multicast, CGNAT (100.64/10), broadcast, and the same inside IPv4-mapped IPv6 addresses.
 * With {@code allowPrivate} (a test or a private deployment: {@code mailroom.webhooks.allow-private}) only the
 * syntax is checked.
 *
 * <p>A caller checks a URL when it is stored ({@link #check}: a reason to answer 422 with) and again before each
 * call ({@link #resolve}), then connects to the address it checked, never resolving the name a second time, so a
 * name that answers differently the second time (DNS rebinding) cannot reach an internal address. Pure logic plus a
 * {@link Resolver}; {@link #resolve} blocks on DNS: call it off the event loop.
 */
public final class WebhookTargets {

    /** Resolves a host name to its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The JVM's resolver. */
    public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** The property that lets private addresses through (tests, private deployments). */
    public static final String ALLOW_PRIVATE = "mailroom.webhooks.allow-private";

    /** A URL that may not be called; {@link #getMessage()} says why (safe to show to the key's owner). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A checked URL and the address to connect to.
     *
     * @param uri     the URL as given
     * @param host    its host (brackets removed from IPv6 literals), for the {@code Host} header and TLS SNI
     * @param port    the port (80/443 when the URL has none)
     * @param tls     whether it is https
     * @param address the checked address to connect to
     */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Whether private addresses are let through. */
    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Checks {@code url} (syntax, then every address its host resolves to); the reason when refused. */
    public void check(String url) throws Refused {
        resolve(url);
    }

    /**
     * Checks {@code url} and returns the address to connect to: the first one its host resolves to, every one of them
     * having passed the rule (a name with one internal address among public ones is refused).
     */
    public Target resolve(String url) throws Refused {
        URI uri = parse(url);
        String host = host(uri);
        boolean tls = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new Refused("the host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                String why = forbidden(a);
                if (why != null) {
                    throw new Refused("the host " + host + " resolves to " + a.getHostAddress() + " (" + why
                            + "); only public addresses may be called");
                }
            }
        }
        return new Target(uri, host, port, tls, addresses.get(0));
    }

    /** The syntax part of the rule: an absolute http(s) URL with a host and no user info. */
    public static URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("an absolute http or https URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new Refused("credentials in the URL are not allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("the URL has no host");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("a fragment is not allowed");
        }
        return uri;
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** Why {@code a} may not be called ("loopback", "private", …), or null for a public address. */
    public static String forbidden(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            byte[] mapped = embeddedV4(b);
            if (mapped != null) {
                try {
                    return forbidden(InetAddress.getByAddress(mapped));
                } catch (UnknownHostException e) {
                    return "invalid";
                }
            }
            if (a.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (a.isLoopbackAddress()) {
                return "loopback";
            }
            if (a.isLinkLocalAddress() || a.isSiteLocalAddress()) { // fe80::/10, fec0::/10 (deprecated site-local)
                return "link-local";
            }
            if (a.isMulticastAddress()) {
                return "multicast";
            }
            if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
                return "private";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation"; // 2001:db8::/32
            }
            return null;
        }
        byte[] b = a.getAddress();
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (o0 == 0) {
            return "unspecified";
        }
        if (o0 == 127) {
            return "loopback";
        }
        if (o0 == 10 || (o0 == 172 && (o1 & 0xf0) == 16) || (o0 == 192 && o1 == 168)) {
            return "private";
        }
        if (o0 == 169 && o1 == 254) {
            return (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254 ? "metadata" : "link-local";
        }
        if (o0 == 100 && (o1 & 0xc0) == 64) {
            return "cgnat";
        }
        if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) {
            return "reserved"; // 192.0.0.0/24 protocol assignments
        }
        if (o0 == 198 && (o1 & 0xfe) == 18) {
            return "reserved"; // 198.18.0.0/15 benchmarking
        }
        if (o0 >= 224 && o0 <= 239) {
            return "multicast";
        }
        if (o0 >= 240) {
            return "reserved"; // 240/4 and the broadcast address
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 address. */
    private static byte[] embeddedV4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0
                && !((b[12] | b[13] | b[14]) == 0 && (b[15] == 0 || b[15] == 1)); // not :: nor ::1
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b; // 64:ff9b::/96
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        return new byte[] {b[12], b[13], b[14], b[15]};
    }

    /** Whether {@code a} passes the rule (with {@code allowPrivate}, every address does). */
    public boolean allowed(InetAddress a) {
        return allowPrivate || forbidden(a) == null;
    }

    /** The rule with the system resolver, private addresses as {@code allowPrivate} says. */
    public static WebhookTargets system(boolean allowPrivate) {
        return new WebhookTargets(allowPrivate, SYSTEM);
    }

    @Override
    public String toString() {
        return "WebhookTargets[allowPrivate=" + allowPrivate + "]";
    }
}
