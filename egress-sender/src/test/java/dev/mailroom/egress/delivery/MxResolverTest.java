package dev.mailroom.egress.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.dns.DnsResolver;
import dev.mailroom.mail.dns.DnsResult;
import dev.mailroom.mail.dns.MxHost;

/** {@link MxResolver} with a fake {@link DnsResolver}. */
class MxResolverTest {

    /** MX records and addresses from maps; records every query. */
    private static final class FakeDns implements DnsResolver {
        final Map<String, List<MxHost>> mx;
        final Set<String> addresses;
        String mxFailure;
        String addressFailure;
        final List<String> queries = new ArrayList<>();

        FakeDns(Map<String, List<MxHost>> mx, Set<String> addresses) {
            this.mx = mx;
            this.addresses = addresses;
        }

        @Override
        public DnsResult<MxHost> mx(String domain) {
            queries.add("MX " + domain);
            return mxFailure != null ? DnsResult.tempError(mxFailure) : DnsResult.ok(mx.getOrDefault(domain, List.of()), 60);
        }

        @Override
        public DnsResult<InetAddress> a(String host) {
            queries.add("A " + host);
            return address(host);
        }

        @Override
        public DnsResult<InetAddress> aaaa(String host) {
            queries.add("AAAA " + host);
            return addressFailure != null ? DnsResult.tempError(addressFailure) : DnsResult.nodata(60);
        }

        private DnsResult<InetAddress> address(String host) {
            if (addressFailure != null) {
                return DnsResult.tempError(addressFailure);
            }
            return addresses.contains(host) ? DnsResult.ok(List.of(InetAddress.getLoopbackAddress()), 60)
                    : DnsResult.nodata(60);
        }

        @Override
        public DnsResult<String> txt(String name) {
            throw new AssertionError("MX routing asks no TXT");
        }

        @Override
        public DnsResult<String> ptr(InetAddress address) {
            throw new AssertionError("MX routing asks no PTR");
        }
    }

    @Test
    void ordersByPreference() {
        FakeDns dns = new FakeDns(Map.of("example.test", List.of(new MxHost(30, "c.example.test."),
                new MxHost(10, "a.example.test."), new MxHost(20, "b.example.test"))), Set.of());

        assertEquals(List.of("a.example.test", "b.example.test", "c.example.test"),
                new MxResolver(dns).hosts("example.test"));
    }

    @Test
    void shufflesEqualPreferencesOnly() {
        FakeDns dns = new FakeDns(Map.of("example.test", List.of(new MxHost(10, "x1"), new MxHost(10, "x2"),
                new MxHost(5, "first"), new MxHost(50, "last"))), Set.of());
        MxResolver resolver = new MxResolver(dns);
        Set<List<String>> seen = new HashSet<>();

        for (int i = 0; i < 200; i++) {
            List<String> hosts = resolver.hosts("example.test");
            assertEquals("first", hosts.get(0));
            assertEquals("last", hosts.get(3));
            seen.add(hosts);
        }

        assertEquals(Set.of(List.of("first", "x1", "x2", "last"), List.of("first", "x2", "x1", "last")), seen);
    }

    @Test
    void dropsDuplicateHostsAndNormalizesNames() {
        FakeDns dns = new FakeDns(Map.of("example.test", List.of(new MxHost(10, "MX.Example.test."),
                new MxHost(20, "mx.example.test"))), Set.of());

        assertEquals(List.of("mx.example.test"), new MxResolver(dns).hosts("Example.TEST."));
    }

    @Test
    void nullMxIsPermanent() {
        FakeDns dns = new FakeDns(Map.of("example.test", List.of(new MxHost(0, "."))), Set.of("example.test"));

        NullMxException e = assertThrows(NullMxException.class, () -> new MxResolver(dns).hosts("example.test"));

        assertTrue(e.permanent());
        assertEquals("null-mx", e.reason());
        assertEquals(556, e.reply().code());
        assertEquals("5.1.10", e.reply().enhancedCode());
        assertTrue(e.getMessage().startsWith("556 5.1.10"), e.getMessage());
        assertFalse(dns.queries.contains("A example.test"), "a null MX is not followed by an address lookup");
    }

    @Test
    void nullMxBesideRealRecordsIsIgnored() {
        FakeDns dns = new FakeDns(Map.of("example.test", List.of(new MxHost(0, "."), new MxHost(10, "mx"))),
                Set.of());

        assertEquals(List.of("mx"), new MxResolver(dns).hosts("example.test"));
    }

    @Test
    void implicitMxIsTheDomainWithAnAddress() {
        FakeDns dns = new FakeDns(Map.of(), Set.of("example.test"));

        assertEquals(List.of("example.test"), new MxResolver(dns).hosts("example.test"));
    }

    @Test
    void neitherMxNorAddressIsPermanent() {
        FakeDns dns = new FakeDns(Map.of(), Set.of());

        MxLookupException e = assertThrows(MxLookupException.class, () -> new MxResolver(dns).hosts("example.test"));

        assertTrue(e.permanent());
        assertEquals("no-mx", e.reason());
        assertTrue(e.reply().permanentFailure());
    }

    @Test
    void dnsFailuresAreTemporary() {
        FakeDns dns = new FakeDns(Map.of(), Set.of());
        dns.mxFailure = "MX example.test.: SERVFAIL";

        MxLookupException onMx = assertThrows(MxLookupException.class, () -> new MxResolver(dns).hosts("example.test"));
        assertFalse(onMx.permanent());
        assertEquals("dns", onMx.reason());
        assertTrue(onMx.getMessage().contains("SERVFAIL"), onMx.getMessage());
        assertTrue(onMx.reply().transientFailure());

        dns.mxFailure = null;
        dns.addressFailure = "timeout A example.test.";
        MxLookupException onAddress = assertThrows(MxLookupException.class,
                () -> new MxResolver(dns).hosts("example.test"));
        assertFalse(onAddress.permanent());
    }

    @Test
    void looksUpInternationalizedDomainsAsALabels() {
        FakeDns dns = new FakeDns(Map.of("xn--bcher-kva.test", List.of(new MxHost(10, "mx.xn--bcher-kva.test"))),
                Set.of());

        assertEquals(List.of("mx.xn--bcher-kva.test"), new MxResolver(dns).hosts("bücher.test"));
    }

    @Test
    void invalidDomainIsPermanent() {
        FakeDns dns = new FakeDns(Map.of(), Set.of());

        MxLookupException e = assertThrows(MxLookupException.class,
                () -> new MxResolver(dns).hosts("a".repeat(70) + ".test"));

        assertTrue(e.permanent());
        assertEquals("bad-domain", e.reason());
        assertTrue(dns.queries.isEmpty());
    }
}
