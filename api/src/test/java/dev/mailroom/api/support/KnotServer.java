package dev.mailroom.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for tests: Knot DNS ({@code knotd}, Debian package {@code knot}) serving one zone
 * from a zone file in a temporary directory, on a free loopback port (UDP and TCP). {@link #publish} rewrites the
 * zone, reloads it with {@code knotc} and waits until the new serial is served.
 */
public final class KnotServer implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/knotd", "/usr/bin/knotd",
            "/usr/local/sbin/knotd");

    private final Path dir;
    private final String origin;
    private final int port;
    private final Process process;
    private long serial = 1;

    private KnotServer(Path dir, String origin, int port, Process process) {
        this.dir = dir;
        this.origin = origin;
        this.port = port;
        this.process = process;
    }

    /** The knotd binary, if installed. */
    public static Optional<Path> binary() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Why tests that need it skip when it is missing. */
    public static final String MISSING = "knotd (Knot DNS) is not installed: apt-get install knot"
            + " (.ci/run installs it in CI)";

    /** TSIG key name that may send RFC 2136 UPDATEs when the server was started with a secret. */
    public static final String UPDATE_KEY = "mailroom-update";

    /** Starts knotd serving {@code origin} (e.g. {@code test}) with an empty zone (SOA and NS only). */
    public static KnotServer start(String origin) {
        return start(origin, null);
    }

    /**
     * As {@link #start(String)}; with {@code updateSecret} (base64, hmac-sha256) the zone accepts dynamic UPDATEs
     * signed with the key {@value #UPDATE_KEY}.
     */
    public static KnotServer start(String origin, String updateSecret) {
        Path knotd = binary().orElseThrow(() -> new IllegalStateException(MISSING));
        try {
            Path dir = Files.createTempDirectory("mailroom-knot-");
            Files.createDirectories(dir.resolve("run"));
            Files.createDirectories(dir.resolve("db"));
            Files.createDirectories(dir.resolve("zones"));
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freeUdpAndTcpPort();
                Files.writeString(dir.resolve("knot.conf"), config(dir, origin, port, updateSecret));
                KnotServer server = new KnotServer(dir, origin, port, null);
                server.writeZone("");
                Process p = new ProcessBuilder(knotd.toString(), "-c", dir.resolve("knot.conf").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
                KnotServer started = new KnotServer(dir, origin, port, p);
                try {
                    started.awaitSerial(1, Duration.ofSeconds(15));
                    return started;
                } catch (IllegalStateException e) {
                    p.destroyForcibly();
                    last = e;
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the resolver setting that reaches this server. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Replaces the zone's records by {@code records} (zone-file lines with absolute names), reloads the zone and
     * waits until it is served.
     */
    public synchronized void publish(String records) {
        serial = Math.max(serial, servedSerial()) + 1; // dynamic UPDATEs raise the served serial too
        writeZone(records);
        try {
            Path knotc = binary().orElseThrow().resolveSibling("knotc");
            Process reload = new ProcessBuilder(knotc.toString(), "-c", dir.resolve("knot.conf").toString(), "zone-reload",
                    origin).redirectErrorStream(true).start();
            String out = new String(reload.getInputStream().readAllBytes());
            if (!reload.waitFor(30, TimeUnit.SECONDS) || reload.exitValue() != 0) {
                throw new IllegalStateException("knotc zone-reload failed: " + out + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitSerial(serial, Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private void writeZone(String records) {
        String zone = "$ORIGIN " + origin + ".\n$TTL 1\n"
                + "@ IN SOA ns." + origin + ". hostmaster." + origin + ". " + serial + " 60 60 600 1\n"
                + "@ IN NS ns." + origin + ".\n"
                + "ns IN A 127.0.0.1\n"
                + records + (records.endsWith("\n") || records.isEmpty() ? "" : "\n");
        try {
            Files.writeString(dir.resolve("zones").resolve(origin + ".zone"), zone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SOA serial the server answers now (0 when it does not answer). */
    public long servedSerial() {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            resolver.setTimeout(Duration.ofSeconds(2));
            Lookup lookup = new Lookup(Name.fromString(origin + "."), Type.SOA);
            lookup.setResolver(resolver);
            lookup.setCache(new Cache(DClass.IN));
            Record[] answers = lookup.run();
            return answers != null && answers.length > 0 ? ((SOARecord) answers[0]).getSerial() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void awaitSerial(long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("knotd exited: " + log());
            }
            try {
                SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
                resolver.setTimeout(Duration.ofMillis(500));
                Lookup lookup = new Lookup(Name.fromString(origin + "."), Type.SOA);
                lookup.setResolver(resolver);
                lookup.setCache(new Cache(DClass.IN));
                Record[] answers = lookup.run();
                if (answers != null && answers.length > 0 && ((SOARecord) answers[0]).getSerial() == expected) {
                    return;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("knotd did not serve serial " + expected + " within " + timeout + ": "
                + log());
    }

    private String log() {
        try {
            return "\n" + Files.readString(dir.resolve("knotd.log"));
        } catch (IOException e) {
            return " (no log)";
        }
    }

    private static String config(Path dir, String origin, int port, String updateSecret) {
        String update = updateSecret == null ? "" : """
                key:
                  - id: %1$s
                    algorithm: hmac-sha256
                    secret: %2$s
                acl:
                  - id: update
                    key: %1$s
                    action: update
                """.formatted(UPDATE_KEY, updateSecret);
        return update + """
                server:
                    rundir: "%1$s/run"
                    listen: 127.0.0.1@%2$d
                    udp-workers: 1
                    tcp-workers: 1
                    background-workers: 1
                database:
                    storage: "%1$s/db"
                control:
                    listen: "%1$s/run/knot.sock"
                log:
                  - target: stderr
                    any: info
                template:
                  - id: default
                    storage: "%1$s/zones"
                    file: "%%s.zone"
                    journal-content: none
                    zonefile-sync: -1
                zone:
                  - domain: %3$s
                %4$s""".formatted(dir, port, origin, updateSecret == null ? "" : "    acl: update\n");
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port))) {
                return port;
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IOException("no free port for UDP and TCP");
    }
}
