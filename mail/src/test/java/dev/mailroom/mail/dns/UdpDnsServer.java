package dev.mailroom.mail.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on a loopback UDP port, for tests: answers from a list of
 * {@link DnsResolverContract.ZoneRecord}s (NXDOMAIN for names it does not hold, NODATA with an SOA for other types),
 * SERVFAIL for one name, silence for another. Real DNS messages on a real socket: what dnsjava sends and reads.
 */
final class UdpDnsServer implements AutoCloseable {

    private static final long TTL = 60;

    private final DatagramSocket socket;
    private final List<DnsResolverContract.ZoneRecord> zone;
    private final String failing;
    private final String silent;

    UdpDnsServer(List<DnsResolverContract.ZoneRecord> zone, String failing, String silent) throws IOException {
        this.zone = List.copyOf(zone);
        this.failing = failing;
        this.silent = silent;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::serve, "udp-dns-" + socket.getLocalPort());
        server.setDaemon(true);
        server.start();
    }

    /** {@code 127.0.0.1:<port>}. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response != null) {
                    byte[] wire = response.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed, or a datagram that is not DNS: nothing to answer
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Record question = query.getQuestion();
        Name name = question.getName();
        String n = name.toString().toLowerCase(Locale.ROOT);
        n = n.substring(0, n.length() - 1);
        if (n.equals(silent)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (n.equals(failing)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        boolean exists = false;
        List<Record> answers = new ArrayList<>();
        for (DnsResolverContract.ZoneRecord r : zone) {
            if (r.name().equals(n)) {
                exists = true;
                if (Type.value(r.type()) == question.getType()) {
                    answers.add(record(name, r));
                }
            }
        }
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (answers.isEmpty()) {
            if (!exists) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            Name apex = Name.fromString("test.");
            response.addRecord(new SOARecord(apex, DClass.IN, TTL, Name.fromString("ns.test."),
                    Name.fromString("admin.test."), 1, 60, 60, 60, 30), Section.AUTHORITY);
        }
        return response;
    }

    private static Record record(Name name, DnsResolverContract.ZoneRecord r) throws IOException {
        return switch (r.type()) {
            case "TXT" -> new TXTRecord(name, DClass.IN, TTL, List.of(r.value().split("\\|")));
            case "MX" -> {
                String[] f = r.value().split(" ", 2);
                yield new MXRecord(name, DClass.IN, TTL, Integer.parseInt(f[0]),
                        f[1].equals(".") ? Name.root : Name.fromString(f[1] + "."));
            }
            case "A" -> new ARecord(name, DClass.IN, TTL, InetAddress.getByName(r.value()));
            case "AAAA" -> new AAAARecord(name, DClass.IN, TTL, InetAddress.getByName(r.value()));
            case "PTR" -> new PTRRecord(name, DClass.IN, TTL, Name.fromString(r.value() + "."));
            default -> throw new IllegalArgumentException("type " + r.type());
        };
    }
}
