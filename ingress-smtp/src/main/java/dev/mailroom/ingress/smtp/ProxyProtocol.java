package dev.mailroom.ingress.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.subethamail.smtp.internal.proxy.ProxyHandler;
import org.subethamail.smtp.server.Session;

import io.quarkus.logging.Log;

/**
 * The PROXY protocol, versions 1 (text) and 2 (binary), as HAProxy specifies it, from trusted proxies only.
 * SubEthaSMTP 7.1.7 calls a {@link ProxyHandler} on the session thread before the connection checks and the
 * greeting, on the session's own buffered input (so nothing after the header is lost), and takes the address it
 * returns as the session's remote address: the real client's IP then reaches {@link ConnectionLimiter}, our
 * {@code Received:} header and the envelope's {@code clientIp} (SPF in the router).
 *
 * <ul>
 * <li>Peer in {@code mailroom.smtp.proxy-protocol.trusted}: the header is required. A valid one gives the client
 * address ({@code UNKNOWN}, {@code LOCAL}, and families other than TCP over IPv4/IPv6 keep the proxy's own address,
 * as the specification asks). A missing, malformed or truncated header, or none within {@link #HEADER_TIMEOUT_MS}, is
 * answered {@code 501 5.5.4} and the connection closed.</li>
 * <li>Any other peer: nothing is read here; a {@code PROXY} line it sends is a command, refused by
 * {@link SmtpCommands} with {@code 501 5.5.4} and a closed connection (a v2 signature ends in a bare LF, which
 * SubEthaSMTP answers {@code 501} and closes on).</li>
 * </ul>
 * SubEthaSMTP's own v1/v2 handler is not used: it reads the v2 header with one {@code read} call (a header split
 * over two TCP segments fails), takes the IPv6 source port from the wrong offset, and resolves v1 addresses with
 * {@code InetAddress.getByName} (a DNS lookup for names such as {@code dead.beef}).
 */
final class ProxyProtocol implements ProxyHandler {

    static final String COMPONENT = "proxy-protocol";
    /** Longest v1 line, CRLF included (specification section 2.1). */
    static final int V1_MAX = 107;
    /** Largest v2 payload accepted (addresses plus TLVs); the format allows 65535. */
    static final int V2_MAX_PAYLOAD = 2048;
    /** How long a trusted proxy may take to send its header. */
    static final int HEADER_TIMEOUT_MS = 10_000;

    private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
            0x0A };

    private final TrustedProxies trusted;
    private final SmtpMetrics metrics;

    ProxyProtocol(TrustedProxies trusted, SmtpMetrics metrics) {
        this.trusted = trusted;
        this.metrics = metrics;
    }

    /** Thrown for a header that does not follow the specification; the message is for logs only. */
    static final class BadHeader extends Exception {
        private static final long serialVersionUID = 1L;

        BadHeader(String message) {
            super(message);
        }
    }

    @Override
    public ProxyResult handle(InputStream in, OutputStream out, Session session) throws IOException {
        InetSocketAddress peer = session.getRealRemoteAddress();
        if (!trusted.trusts(peer.getAddress())) {
            return ProxyResult.NOP;
        }
        Socket socket = session.getSocket();
        int idleTimeout = socket.getSoTimeout();
        socket.setSoTimeout(HEADER_TIMEOUT_MS);
        try {
            Optional<InetSocketAddress> client = read(in);
            Log.debugf("proxy header accepted proxy=%s client=%s", peer.getAddress().getHostAddress(),
                    client.map(c -> c.getAddress().getHostAddress()).orElse("-"));
            return client.map(ProxyResult::new).orElse(ProxyResult.NOP);
        } catch (BadHeader | SocketTimeoutException e) {
            SmtpOutcome outcome = SmtpOutcome.proxyHeaderRefused(COMPONENT);
            Log.infof("connection refused proxy=%s code=%d reason=%s detail=%s", peer.getAddress().getHostAddress(),
                    outcome.code(), outcome.reason(), e.getMessage());
            metrics.rejected(outcome);
            return new ProxyResult(outcome.code(), outcome.replyText());
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(idleTimeout);
            }
        }
    }

    /**
     * Reads one PROXY header, v1 or v2, consuming exactly its bytes.
     *
     * @return the client's address, or empty when the header says to keep the connection's own address
     */
    static Optional<InetSocketAddress> read(InputStream in) throws IOException, BadHeader {
        int first = in.read();
        if (first == 'P') {
            return v1(in);
        }
        if (first == V2_SIGNATURE[0]) {
            return v2(in);
        }
        throw new BadHeader(first < 0 ? "connection closed before the header" : "no PROXY header");
    }

    private static Optional<InetSocketAddress> v1(InputStream in) throws IOException, BadHeader {
        ByteArrayOutputStream line = new ByteArrayOutputStream(V1_MAX);
        line.write('P');
        int previous = 'P';
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new BadHeader("v1 header truncated");
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                break;
            }
            if (line.size() >= V1_MAX) {
                throw new BadHeader("v1 header longer than " + V1_MAX + " bytes");
            }
            previous = b;
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        String[] f = text.substring(0, text.length() - 2).split(" ", -1);
        if (f.length < 2 || !f[0].equals("PROXY")) {
            throw new BadHeader("v1 header malformed");
        }
        if (f[1].equals("UNKNOWN")) {
            return Optional.empty(); // the rest of the line is to be ignored
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new BadHeader("v1 header malformed");
        }
        InetAddress source = TrustedProxies.literal(f[2]).orElseThrow(() -> new BadHeader("v1 bad source"));
        InetAddress destination = TrustedProxies.literal(f[3])
                .orElseThrow(() -> new BadHeader("v1 bad destination"));
        boolean v4 = f[1].equals("TCP4");
        if (v4 != (source.getAddress().length == 4) || v4 != (destination.getAddress().length == 4)) {
            throw new BadHeader("v1 address family mismatch");
        }
        return Optional.of(new InetSocketAddress(source, port(f[4])));
    }

    private static int port(String s) throws BadHeader {
        if (!s.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(s) > 65535) {
            throw new BadHeader("v1 bad port");
        }
        return Integer.parseInt(s);
    }

    private static Optional<InetSocketAddress> v2(InputStream in) throws IOException, BadHeader {
        byte[] rest = in.readNBytes(15); // signature after its first byte, ver_cmd, fam, len
        if (rest.length < 15) {
            throw new BadHeader("v2 header truncated");
        }
        if (!Arrays.equals(rest, 0, 11, V2_SIGNATURE, 1, 12)) {
            throw new BadHeader("no PROXY header");
        }
        int versionCommand = rest[11] & 0xff;
        int family = rest[12] & 0xff;
        int length = ((rest[13] & 0xff) << 8) | (rest[14] & 0xff);
        if (versionCommand >> 4 != 2) {
            throw new BadHeader("v2 unsupported version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0f;
        if (command > 1) {
            throw new BadHeader("v2 unknown command " + command);
        }
        if (length > V2_MAX_PAYLOAD) {
            throw new BadHeader("v2 payload of " + length + " bytes");
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new BadHeader("v2 payload truncated");
        }
        if (command == 0) {
            return Optional.empty(); // LOCAL: the proxy's own connection (e.g. a health check)
        }
        return switch (family) {
            case 0x11 -> Optional.of(address(payload, 4)); // TCP over IPv4
            case 0x21 -> Optional.of(address(payload, 16)); // TCP over IPv6
            default -> Optional.empty(); // UNSPEC, UDP, UNIX: keep the connection's address
        };
    }

    /** Source address and port of a v2 address block: src, dst ({@code size} bytes each), src port, dst port. */
    private static InetSocketAddress address(byte[] payload, int size) throws BadHeader {
        if (payload.length < 2 * size + 4) {
            throw new BadHeader("v2 address block too short");
        }
        try {
            InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(payload, 0, size));
            int port = ((payload[2 * size] & 0xff) << 8) | (payload[2 * size + 1] & 0xff);
            return new InetSocketAddress(source, port);
        } catch (UnknownHostException e) {
            throw new BadHeader("v2 bad source address");
        }
    }
}
