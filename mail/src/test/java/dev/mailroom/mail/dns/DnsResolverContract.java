package dev.mailroom.mail.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What every {@link DnsResolver} does, as tests (James-style contract): an implementation's test implements this
 * interface once, serving {@link #ZONE} (plus {@link #FAILING} answering SERVFAIL and {@link #SILENT} never
 * answering) from its backend, and inherits every test.
 */
public interface DnsResolverContract {

    /**
     * One record of the contract's zone.
     *
     * @param name  owner name, lower case, no trailing dot
     * @param type  TXT, MX, A, AAAA or PTR
     * @param value TXT: the character-strings separated by {@code |}; MX: {@code <preference> <host>} ({@code .} for a
     *              null MX); A/AAAA: the address literal; PTR: the target name
     */
    record ZoneRecord(String name, String type, String value) {
    }

    /** Queries of this name fail (SERVFAIL). */
    String FAILING = "fail.contract.test";

    /** Queries of this name are never answered. */
    String SILENT = "silent.contract.test";

    /** The zone each implementation serves. */
    List<ZoneRecord> ZONE = List.of(
            new ZoneRecord("txt.contract.test", "TXT", "v=spf1 -all"),
            new ZoneRecord("txt.contract.test", "TXT", "v=DKIM1; k=rsa; |p=AAAA"),
            new ZoneRecord("mx.contract.test", "MX", "20 b.mx.contract.test"),
            new ZoneRecord("mx.contract.test", "MX", "10 a.mx.contract.test"),
            new ZoneRecord("nullmx.contract.test", "MX", "0 ."),
            new ZoneRecord("host.contract.test", "A", "192.0.2.7"),
            new ZoneRecord("host.contract.test", "AAAA", "2001:db8::7"),
            new ZoneRecord("7.2.0.192.in-addr.arpa", "PTR", "host.contract.test"));

    /** The resolver under test, answering from {@link #ZONE}. */
    DnsResolver resolver();

    @Test
    default void txtRecordsComeWithTheirCharacterStringsJoined() {
        DnsResult<String> txt = resolver().txt("txt.contract.test");
        assertEquals(DnsResult.Status.OK, txt.status());
        assertEquals(Set.of("v=spf1 -all", "v=DKIM1; k=rsa; p=AAAA"), Set.copyOf(txt.values()));
        assertTrue(txt.ttlSeconds() > 0, "a positive answer carries its TTL");
    }

    @Test
    default void mxRecordsComeInPreferenceOrder() {
        DnsResult<MxHost> mx = resolver().mx("mx.contract.test");
        assertEquals(List.of(new MxHost(10, "a.mx.contract.test"), new MxHost(20, "b.mx.contract.test")),
                mx.values());
    }

    @Test
    default void aNullMxHasAnEmptyHost() {
        assertEquals(List.of(new MxHost(0, "")), resolver().mx("nullmx.contract.test").values());
    }

    @Test
    default void addressesOfBothFamilies() throws Exception {
        assertEquals(List.of(InetAddress.getByName("192.0.2.7")), resolver().a("host.contract.test").values());
        assertEquals(List.of(InetAddress.getByName("2001:db8::7")), resolver().aaaa("host.contract.test").values());
    }

    @Test
    default void ptrNamesHaveNoTrailingDot() throws Exception {
        assertEquals(List.of("host.contract.test"), resolver().ptr(InetAddress.getByName("192.0.2.7")).values());
    }

    @Test
    default void anUnknownNameIsNxdomain() {
        DnsResult<String> txt = resolver().txt("nx.contract.test");
        assertEquals(DnsResult.Status.NXDOMAIN, txt.status());
        assertTrue(txt.isVoid());
        assertTrue(txt.values().isEmpty());
        assertEquals(DnsResult.Status.NXDOMAIN, resolver().mx("nx.contract.test").status());
    }

    @Test
    default void aNameWithoutTheTypeIsNodata() {
        DnsResult<InetAddress> a = resolver().a("txt.contract.test");
        assertEquals(DnsResult.Status.NODATA, a.status());
        assertTrue(a.isVoid());
        assertFalse(a.isTempError());
    }

    @Test
    default void aServerFailureIsATemporaryErrorNotAnException() {
        DnsResult<String> txt = resolver().txt(FAILING);
        assertEquals(DnsResult.Status.TEMPERROR, txt.status());
        assertTrue(txt.error() != null && !txt.error().isBlank(), "a temporary error says why");
        assertEquals(DnsResult.Status.TEMPERROR, resolver().mx(FAILING).status());
    }

    @Test
    default void anUnansweredQueryIsATemporaryErrorWithinItsTimeout() {
        long start = System.nanoTime();
        DnsResult<String> txt = resolver().txt(SILENT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(DnsResult.Status.TEMPERROR, txt.status());
        assertTrue(ms < 5000, "took " + ms + " ms");
    }

    @Test
    default void namesIgnoreCaseAndATrailingDot() {
        assertEquals(Set.copyOf(resolver().txt("txt.contract.test").values()),
                Set.copyOf(resolver().txt("TXT.Contract.Test.").values()));
    }

    @Test
    default void askingAgainGivesTheSameAnswer() {
        assertEquals(resolver().mx("mx.contract.test").values(), resolver().mx("mx.contract.test").values());
        assertEquals(DnsResult.Status.NXDOMAIN, resolver().a("nx.contract.test").status());
        assertEquals(DnsResult.Status.NXDOMAIN, resolver().a("nx.contract.test").status());
    }
}
