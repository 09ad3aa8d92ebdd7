package dev.mailroom.ingress.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The peers allowed to speak the PROXY protocol: a list of CIDR blocks ({@code 10.0.0.0/8}, {@code 192.0.2.7},
 * {@code 2001:db8::/32}). A bare address is a single host. An IPv4 block never matches an IPv6 peer and the other way
 * round. Parsing takes address literals only, never a host name (no DNS lookup).
 */
final class TrustedProxies {

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * @throws IllegalArgumentException for an entry that is not an address literal with an optional prefix length
     */
    static TrustedProxies parse(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream().map(String::trim).filter(c -> !c.isEmpty())
                .map(TrustedProxies::block).toList());
    }

    /** True when no proxy is trusted: the PROXY protocol is off. */
    boolean none() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress peer) {
        byte[] address = peer.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        String literal = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] network = literal(literal)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + cidr)).getAddress();
        int prefix;
        try {
            prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        return new Block(network, prefix);
    }

    /**
     * An IPv4 dotted quad (no leading zeros) or an IPv6 literal, without any name lookup; empty for anything else.
     */
    static java.util.Optional<InetAddress> literal(String s) {
        boolean v4 = s.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]{2,45}");
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        try {
            // only literals reach here: InetAddress parses them without DNS
            InetAddress address = InetAddress.getByName(s);
            return java.util.Optional.of(address);
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }
}
