package dev.mailroom.egress.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@link DnsjavaLookup} against a small authoritative DNS server on a loopback UDP port. */
class DnsjavaLookupTest {

    private DatagramSocket socket;
    private Thread server;

    @BeforeEach
    void startServer() throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = new Thread(this::serve, "fake-dns");
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void stopServer() {
        socket.close();
    }

    /**
     * Zone test.: mx.test has two MX and a null-MX domain; addr.test only an A record; nx.test does not exist;
     * fail.test answers SERVFAIL.
     */
    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                if (query.getHeader().getFlag(Flags.RD)) {
                    response.getHeader().setFlag(Flags.RD);
                }
                response.addRecord(question, Section.QUESTION);
                Name name = question.getName();
                String n = name.toString();
                int type = question.getType();
                if (n.equals("fail.test.")) {
                    response.getHeader().setRcode(Rcode.SERVFAIL);
                } else if (n.equals("mx.test.") && type == Type.MX) {
                    response.addRecord(new MXRecord(name, DClass.IN, 60, 20, Name.fromString("b.mx.test.")),
                            Section.ANSWER);
                    response.addRecord(new MXRecord(name, DClass.IN, 60, 10, Name.fromString("a.mx.test.")),
                            Section.ANSWER);
                } else if (n.equals("nullmx.test.") && type == Type.MX) {
                    response.addRecord(new MXRecord(name, DClass.IN, 60, 0, Name.root), Section.ANSWER);
                } else if (n.equals("addr.test.") && type == Type.A) {
                    response.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.7")),
                            Section.ANSWER);
                } else {
                    if (!n.equals("addr.test.") && !n.equals("mx.test.") && !n.equals("nullmx.test.")) {
                        response.getHeader().setRcode(Rcode.NXDOMAIN);
                    }
                    Name zone = Name.fromString("test.");
                    response.addRecord(new SOARecord(zone, DClass.IN, 60, Name.fromString("ns.test."),
                            Name.fromString("admin.test."), 1, 60, 60, 60, 60), Section.AUTHORITY);
                }
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private DnsjavaLookup lookup() {
        return new DnsjavaLookup(Optional.of("127.0.0.1:" + socket.getLocalPort()), Duration.ofSeconds(2));
    }

    @Test
    void readsMxRecords() throws IOException {
        List<MxRecord> records = lookup().mx("mx.test");

        assertEquals(2, records.size());
        assertTrue(records.contains(new MxRecord(10, "a.mx.test")), records.toString());
        assertTrue(records.contains(new MxRecord(20, "b.mx.test")), records.toString());
    }

    @Test
    void readsANullMx() throws IOException {
        assertEquals(List.of(new MxRecord(0, ".")), lookup().mx("nullmx.test"));
    }

    @Test
    void noMxIsAnEmptyList() throws IOException {
        DnsjavaLookup lookup = lookup();

        assertEquals(List.of(), lookup.mx("addr.test"), "NODATA");
        assertEquals(List.of(), lookup.mx("nx.test"), "NXDOMAIN");
    }

    @Test
    void findsAddresses() throws IOException {
        DnsjavaLookup lookup = lookup();

        assertTrue(lookup.hasAddress("addr.test"));
        assertFalse(lookup.hasAddress("nx.test"));
        assertFalse(lookup.hasAddress("mx.test"));
    }

    @Test
    void serverFailureIsAnIoException() {
        DnsjavaLookup lookup = lookup();

        assertThrows(IOException.class, () -> lookup.mx("fail.test"));
        assertThrows(IOException.class, () -> lookup.hasAddress("fail.test"));
    }

    @Test
    void worksWithMxResolver() {
        assertEquals(List.of("a.mx.test", "b.mx.test"), new MxResolver(lookup()).hosts("mx.test"));
        assertEquals(List.of("addr.test"), new MxResolver(lookup()).hosts("addr.test"));
        assertThrows(NullMxException.class, () -> new MxResolver(lookup()).hosts("nullmx.test"));
    }
}
