package dev.mailroom.mail.dns;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link DnsjavaResolver} against a real DNS server (UDP on loopback) serving the contract's zone. */
class DnsjavaResolverContractTest implements DnsResolverContract {

    private static UdpDnsServer server;
    private static DnsjavaResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        server = new UdpDnsServer(ZONE, FAILING, SILENT);
        resolver = new DnsjavaResolver(List.of(server.address()), Duration.ofMillis(500));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    public DnsResolver resolver() {
        return resolver;
    }
}
