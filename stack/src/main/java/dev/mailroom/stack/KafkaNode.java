package dev.mailroom.stack;

import dev.mailroom.contract.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) running inside the current JVM, listening
 * on 127.0.0.1 only. The data directory is formatted on first use and reused afterwards, so records survive a
 * restart on the same directory.
 */
public final class KafkaNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    /** Node id of the one broker/controller. */
    public static final int NODE_ID = 1;

    /** Host every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaNode(Path dataDir, int port, int controllerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Starts a broker on {@code dataDir} (created and formatted if needed) and waits until it serves requests. */
    public static KafkaNode start(Path dataDir, int port, int controllerPort) {
        return start(dataDir, port, controllerPort, Map.of());
    }

    /**
     * Same as {@link #start(Path, int, int)}, with extra broker properties that override the defaults of
     * {@link #brokerProperties(Path, int, int)}.
     */
    public static KafkaNode start(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Properties props = brokerProperties(dir, port, controllerPort);
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        try {
            Files.createDirectories(dir);
            formatIfNeeded(dir, config);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka data directory " + dir + ": " + e.getMessage(), e);
        }

        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        KafkaNode node = new KafkaNode(dir, port, controllerPort, server);
        try {
            server.startup();
            node.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            node.close();
            throw new IllegalStateException("Kafka broker on " + HOST + ":" + port + " (controller " + controllerPort
                    + ", data " + dir + ") did not start: " + e.getMessage(), e);
        }
        LOG.info("Kafka broker ready on {} (controller port {}, data {}) in {} ms", node.bootstrapServers(),
                controllerPort, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return node;
    }

    /**
     * The broker configuration: one KRaft node, loopback listeners, replication factors of 1, no initial rebalance
     * delay, and size limits raised to {@link Topics#MAX_RECORD_BYTES}.
     */
    public static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());

        // Single node: every internal topic has one replica (and one partition is plenty).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Large messages (see Topics.MAX_RECORD_BYTES).
        p.put("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));

        // A local broker: the log cleaner only compacts the small internal topics, so 128 MiB of heap for its
        // dedupe buffer (the default) is wasted.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    private static void formatIfNeeded(Path dir, KafkaConfig config) throws Exception {
        if (Files.exists(dir.resolve(META_PROPERTIES))) {
            LOG.debug("Kafka data directory {} is already formatted", dir);
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(clusterId)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false)
                .setDirectories(List.of(dir.toString()));
        formatter.run();
        LOG.info("Formatted Kafka data directory {} (cluster id {})", dir, clusterId);
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes < 1) {
                throw new IllegalStateException("the broker reports no live node");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not answer within " + timeout.toSeconds() + " s: " + e, e);
        }
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@code dir} already holds a formatted Kafka log directory. */
    public static boolean isFormatted(Path dir) {
        return Files.exists(dir.resolve(META_PROPERTIES));
    }

    /** Stops the broker and controller and waits until they are down (a clean shutdown; idempotent). */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping the Kafka broker on {}", bootstrapServers(), e);
        }
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
