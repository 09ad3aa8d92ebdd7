package dev.mailroom.platform.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    /** A resolver answering from a table; literals resolve to themselves (as the JVM does, without DNS). */
    private static WebhookTargets.Resolver table(Map<String, List<String>> names) {
        return host -> {
            List<String> ips = names.get(host);
            if (ips == null) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return List.of(InetAddress.getByName(host));
                }
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String ip : ips) {
                out.add(InetAddress.getByName(ip));
            }
            return out;
        };
    }

    private final WebhookTargets strict = new WebhookTargets(false, table(Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "localhost.evil.test", List.of("127.0.0.1"),
            "mixed.evil.test", List.of("93.184.216.34", "10.1.2.3"))));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1"})
    void internalAddressesAreForbidden(String ip) throws Exception {
        assertNotNull(WebhookTargets.forbidden(InetAddress.getByName(ip)), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "1.1.1.1",
            "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"})
    void publicAddressesPass(String ip) throws Exception {
        assertNull(WebhookTargets.forbidden(InetAddress.getByName(ip)), ip);
    }

    @Test
    void theMetadataAddressIsNamed() throws Exception {
        assertEquals("metadata", WebhookTargets.forbidden(InetAddress.getByName("169.254.169.254")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://10.1.2.3:8080/x", "http://169.254.169.254/latest/meta-data",
            "http://[::1]:9000/", "https://localhost.evil.test/hook", "https://mixed.evil.test/hook",
            "http://[::ffff:127.0.0.1]/"})
    void urlsReachingInternalAddressesAreRefused(String url) {
        WebhookTargets.Refused e = assertThrows(WebhookTargets.Refused.class, () -> strict.check(url));
        assertTrue(e.getMessage().contains("only public addresses"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/x", "file:///etc/passwd", "https://user:pw@hooks.example.com/",
            "https://user@hooks.example.com/", "hooks.example.com/x", "", "https:///nohost", "gopher://hooks.example.com",
            "https://hooks.example.com/x#frag"})
    void badSyntaxIsRefused(String url) {
        assertThrows(WebhookTargets.Refused.class, () -> strict.check(url));
    }

    @Test
    void anUnknownHostIsRefused() {
        WebhookTargets.Refused e = assertThrows(WebhookTargets.Refused.class,
                () -> strict.check("https://nowhere.invalid/x"));
        assertTrue(e.getMessage().contains("does not resolve"));
    }

    @Test
    void aPublicUrlResolvesToTheCheckedAddressWithItsPort() throws Exception {
        WebhookTargets.Target t = strict.resolve("https://Hooks.Example.com/in?x=1");
        assertEquals("hooks.example.com", t.host());
        assertEquals(443, t.port());
        assertTrue(t.tls());
        assertEquals("93.184.216.34", t.address().getHostAddress());
        assertEquals(8080, strict.resolve("http://hooks.example.com:8080/").port());
        assertEquals(80, strict.resolve("http://hooks.example.com/").port());
    }

    @Test
    void allowPrivateLetsInternalAddressesThroughButNotBadSyntax() throws Exception {
        WebhookTargets open = new WebhookTargets(true, table(Map.of("localhost.evil.test", List.of("127.0.0.1"))));
        assertEquals("127.0.0.1", open.resolve("http://127.0.0.1:8080/hook").address().getHostAddress());
        assertEquals("127.0.0.1", open.resolve("http://localhost.evil.test/").address().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", open.resolve("http://[::1]/").address().getHostAddress());
        assertThrows(WebhookTargets.Refused.class, () -> open.check("ftp://127.0.0.1/"));
        assertThrows(WebhookTargets.Refused.class, () -> open.check("http://a:b@127.0.0.1/"));
    }

    @Test
    void aRebindingNameIsCheckedAgainOnEachResolution() throws Exception {
        List<String> answers = new ArrayList<>(List.of("93.184.216.34", "127.0.0.1"));
        WebhookTargets rebinding = new WebhookTargets(false,
                host -> List.of(InetAddress.getByName(answers.remove(0))));
        rebinding.check("https://rebind.evil.test/");
        assertThrows(WebhookTargets.Refused.class, () -> rebinding.resolve("https://rebind.evil.test/"));
    }
}
