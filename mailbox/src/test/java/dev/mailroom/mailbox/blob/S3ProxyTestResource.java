package dev.mailroom.mailbox.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import dev.mailroom.stack.StackSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: a real S3 server, s3proxy on jclouds' {@code filesystem} backend (a temporary directory),
 * in its own JVM (its Guice and Jetty would clash with Quarkus's on one classpath) on a free port of 127.0.0.1, with
 * SigV4 authentication and one bucket; started once per test JVM, stopped and deleted by a shutdown hook. Switches the application to {@code mailroom.mailbox.blobs.store=s3} against it.
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "mailroom-blobs";
    public static final String ACCESS_KEY = "mailroom-test";
    public static final String SECRET_KEY = "mailroom-test-secret-key";
    public static final String REGION = "us-east-1";
    public static final String PREFIX = "test/";

    /** System property: the s3proxy jar with its dependencies (default {@code target/s3proxy/s3proxy.jar}). */
    public static final String JAR_PROPERTY = "mailroom-test.s3proxy.jar";

    private static final Object LOCK = new Object();
    private static URI endpoint;
    private static Path dataDir;

    /** The server's endpoint, starting it on first use. */
    public static URI endpoint() {
        synchronized (LOCK) {
            if (endpoint == null) {
                startServer();
            }
            return endpoint;
        }
    }

    /** The number of objects in the bucket, read from the backend's directory (not through S3). */
    public static long objectCount() {
        endpoint();
        try (Stream<Path> files = Files.walk(dataDir.resolve(BUCKET))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the filesystem backend keeps the object {@code key}. */
    public static Path objectFile(String key) {
        endpoint();
        return dataDir.resolve(BUCKET).resolve(key);
    }

    /** Settings for an {@link S3BlobStore} against this server, with the given credentials. */
    public static S3BlobStore.Settings settings(String accessKey, String secretKey) {
        return new S3BlobStore.Settings(endpoint(), BUCKET, REGION, accessKey, secretKey, PREFIX,
                java.time.Duration.ofSeconds(10));
    }

    private static void startServer() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no s3proxy jar at " + jar.toAbsolutePath()
                    + " (the mailbox pom copies it there in process-test-resources; or set -D" + JAR_PROPERTY + ")");
        }
        try {
            Path dir = Files.createTempDirectory("mailroom-test-s3-");
            Files.createDirectories(dir.resolve("data").resolve(BUCKET)); // a directory is a bucket in this backend
            int port = StackSupport.freePort();
            URI uri = URI.create("http://127.0.0.1:" + port);
            Properties properties = new Properties();
            properties.setProperty("s3proxy.endpoint", uri.toString());
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", ACCESS_KEY);
            properties.setProperty("s3proxy.credential", SECRET_KEY);
            properties.setProperty("jclouds.provider", "filesystem");
            properties.setProperty("jclouds.filesystem.basedir", dir.resolve("data").toString());
            Path config = dir.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(config)) {
                properties.store(out, "S3ProxyTestResource");
            }
            Path log = dir.resolve("s3proxy.log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                try {
                    process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process.destroyForcibly();
                StackSupport.deleteRecursively(dir);
            }, "mailroom-test-s3proxy-stop"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!listening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("s3proxy did not start; its log:\n" + tail(log));
                }
                Thread.sleep(50);
            }
            dataDir = dir.resolve("data");
            endpoint = uri;
        } catch (IOException e) {
            throw new UncheckedIOException("s3proxy failed to start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mailroom.mailbox.blobs.store", "s3",
                "mailroom.mailbox.blobs.s3.endpoint", endpoint().toString(),
                "mailroom.mailbox.blobs.s3.bucket", BUCKET,
                "mailroom.mailbox.blobs.s3.region", REGION,
                "mailroom.mailbox.blobs.s3.access-key", ACCESS_KEY,
                "mailroom.mailbox.blobs.s3.secret-key", SECRET_KEY,
                "mailroom.mailbox.blobs.s3.prefix", PREFIX);
    }

    /** Keeps the server for the next test class; the shutdown hook stops it. */
    @Override
    public void stop() {
    }
}
