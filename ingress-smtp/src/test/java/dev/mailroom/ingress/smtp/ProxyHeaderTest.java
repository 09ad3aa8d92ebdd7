package dev.mailroom.ingress.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Parsing PROXY protocol headers ({@link ProxyProtocol#read}) and matching trusted proxies (pure logic). */
class ProxyHeaderTest {

    static byte[] v2(int command, int family, byte[] addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A });
        out.write(0x20 | command);
        out.write(family);
        out.write(addresses.length >> 8);
        out.write(addresses.length & 0xff);
        out.writeBytes(addresses);
        return out.toByteArray();
    }

    /** Source, destination, source port, destination port, as a v2 address block. */
    static byte[] block(String source, String destination, int sourcePort, int destinationPort) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(InetAddress.getByName(source).getAddress());
        out.writeBytes(InetAddress.getByName(destination).getAddress());
        out.write(sourcePort >> 8);
        out.write(sourcePort & 0xff);
        out.write(destinationPort >> 8);
        out.write(destinationPort & 0xff);
        return out.toByteArray();
    }

    private static Optional<InetSocketAddress> read(byte[] header) throws Exception {
        return ProxyProtocol.read(new ByteArrayInputStream(header));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void v1Tcp4AndTcp6GiveTheClientAddressAndPort() throws Exception {
        InetSocketAddress four = read(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\r\n")).orElseThrow();
        assertEquals("203.0.113.7", four.getAddress().getHostAddress());
        assertEquals(40000, four.getPort());
        InetSocketAddress six = read(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 5555 25\r\n")).orElseThrow();
        assertEquals(InetAddress.getByName("2001:db8::7"), six.getAddress());
        assertEquals(5555, six.getPort());
    }

    @Test
    void v1UnknownKeepsTheConnectionsAddress() throws Exception {
        assertTrue(read(ascii("PROXY UNKNOWN\r\n")).isEmpty());
        assertTrue(read(ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")).isEmpty());
    }

    @Test
    void v1HeaderIsConsumedExactlyAndNothingAfterIt() throws Exception {
        InputStream in = new ByteArrayInputStream(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\r\nEHLO x\r\n"));
        ProxyProtocol.read(in);
        assertArrayEquals(ascii("EHLO x\r\n"), in.readAllBytes());
    }

    @Test
    void malformedV1HeadersAreRefused() {
        for (String bad : List.of("PROXY TCP4 203.0.113.7 192.0.2.1 40000\r\n", // a field missing
                "PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\n", // no CR
                "PROXY TCP4 dead.beef 192.0.2.1 40000 25\r\n", // a name, never resolved
                "PROXY TCP4 2001:db8::7 192.0.2.1 40000 25\r\n", // family mismatch
                "PROXY TCP4 203.0.113.7 192.0.2.1 040000 25\r\n", // leading zero
                "PROXY TCP4 203.0.113.7 192.0.2.1 70000 25\r\n", // port range
                "PROXY UDP4 203.0.113.7 192.0.2.1 40000 25\r\n",
                "PROXY TCP4 203.0.113.7  192.0.2.1 40000 25\r\n", // two spaces
                "PROXY TCP4 203.0.113.7 192.0.2.1 40000 25", // truncated
                "EHLO client.example\r\n", // no header at all
                "PROXY TCP4 " + "1".repeat(120) + "\r\n")) { // over 107 bytes
            assertThrows(ProxyProtocol.BadHeader.class, () -> read(ascii(bad)), bad);
        }
    }

    @Test
    void v2Tcp4AndTcp6GiveTheClientAddressAndPort() throws Exception {
        InetSocketAddress four = read(v2(1, 0x11, block("198.51.100.9", "192.0.2.1", 41000, 25))).orElseThrow();
        assertEquals("198.51.100.9", four.getAddress().getHostAddress());
        assertEquals(41000, four.getPort());
        InetSocketAddress six = read(v2(1, 0x21, block("2001:db8::9", "2001:db8::1", 42000, 587))).orElseThrow();
        assertEquals(InetAddress.getByName("2001:db8::9"), six.getAddress());
        assertEquals(42000, six.getPort(), "the source port follows both addresses");
    }

    @Test
    void v2WithTlvsIsConsumedExactly() throws Exception {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(block("198.51.100.9", "192.0.2.1", 41000, 25));
        payload.writeBytes(new byte[] { 0x04, 0x00, 0x03, 'a', 'b', 'c' }); // a NOOP TLV
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(v2(1, 0x11, payload.toByteArray()));
        all.writeBytes(ascii("EHLO x\r\n"));
        InputStream in = new ByteArrayInputStream(all.toByteArray());
        assertEquals("198.51.100.9", ProxyProtocol.read(in).orElseThrow().getAddress().getHostAddress());
        assertArrayEquals(ascii("EHLO x\r\n"), in.readAllBytes());
    }

    @Test
    void v2ReadOneByteAtATimeStillParses() throws Exception {
        InputStream trickle = new FilterInputStream(
                new ByteArrayInputStream(v2(1, 0x11, block("198.51.100.9", "192.0.2.1", 41000, 25)))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals("198.51.100.9", ProxyProtocol.read(trickle).orElseThrow().getAddress().getHostAddress());
    }

    @Test
    void v2LocalAndUnspecKeepTheConnectionsAddress() throws Exception {
        assertTrue(read(v2(0, 0x11, block("198.51.100.9", "192.0.2.1", 41000, 25))).isEmpty());
        assertTrue(read(v2(1, 0x00, new byte[0])).isEmpty());
    }

    @Test
    void malformedV2HeadersAreRefused() throws Exception {
        byte[] good = v2(1, 0x11, block("198.51.100.9", "192.0.2.1", 41000, 25));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        byte[] version1 = good.clone();
        version1[12] = 0x11;
        byte[] badCommand = good.clone();
        badCommand[12] = 0x22;
        byte[] shortBlock = v2(1, 0x11, new byte[] { 1, 2, 3, 4 });
        byte[] huge = v2(1, 0x11, new byte[ProxyProtocol.V2_MAX_PAYLOAD + 1]);
        byte[] badSignature = good.clone();
        badSignature[7] = 'X';
        for (byte[] bad : List.of(truncated, version1, badCommand, shortBlock, huge, badSignature)) {
            assertThrows(ProxyProtocol.BadHeader.class, () -> read(bad));
        }
    }

    @Test
    void trustedProxiesMatchTheirBlocksOnly() throws Exception {
        TrustedProxies trusted = TrustedProxies.parse(List.of("10.0.0.0/8", " 192.0.2.7 ", "2001:db8::/32",
                "172.16.0.0/12"));
        assertTrue(trusted.trusts(InetAddress.getByName("10.200.1.1")));
        assertTrue(trusted.trusts(InetAddress.getByName("192.0.2.7")));
        assertFalse(trusted.trusts(InetAddress.getByName("192.0.2.8")));
        assertTrue(trusted.trusts(InetAddress.getByName("172.31.255.255")));
        assertFalse(trusted.trusts(InetAddress.getByName("172.32.0.0")));
        assertTrue(trusted.trusts(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(trusted.trusts(InetAddress.getByName("2001:db9::1")));
        assertFalse(trusted.trusts(InetAddress.getByName("11.0.0.1")));
        assertTrue(TrustedProxies.parse(List.of()).none());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33")));
    }
}
