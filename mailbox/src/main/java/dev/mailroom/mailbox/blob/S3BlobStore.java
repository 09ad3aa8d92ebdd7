package dev.mailroom.mailbox.blob;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Blob bytes in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage, s3proxy...), one object per blob
 * under {@code <prefix>sha256/<first two hex digits>/<sha256>} in one bucket, addressed path-style.
 *
 * <p>Non-blocking end to end: requests go through a Vert.x {@link HttpClient} and are signed here with AWS Signature
 * Version 4 ({@link SigV4}), so nothing waits on a thread (ADR 0034 says why not the AWS SDK). The payload hash
 * signed in {@code x-amz-content-sha256} <em>is</em> the blob's address: the store recomputes it over the bytes it
 * received and refuses a mismatch ({@code XAmzContentSHA256Mismatch}), so an object never holds other bytes than its
 * name says, and this process never hashes a body itself. ({@code x-amz-checksum-sha256} would add nothing to that
 * check and is refused by some S3-compatible stores, s3proxy among them: 501.)
 *
 * <p>{@link #put} asks first ({@code HEAD}) and sends the bytes only when the object is absent; {@link #get} answers
 * null on 404; {@link #delete} treats 404 as done. Failures are {@link BlobStoreException}s naming the operation,
 * the key and the store's error code; transient ones (network, timeouts, 5xx, throttling) are retried twice with
 * backoff (every operation is idempotent). Not a CDI bean: {@link BlobStores} builds it from configuration.
 */
public final class S3BlobStore implements BlobStore {

    /** {@code blob.store} of blobs kept here. */
    public static final String NAME = "s3";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]{1,300})</Message>");

    /** Where and as whom; {@link #toString()} never shows the secret. */
    public record Settings(URI endpoint, String bucket, String region, String accessKey, String secretKey,
            String prefix, Duration timeout) {

        public Settings {
            if (endpoint == null || endpoint.getHost() == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
                throw new IllegalArgumentException(
                        "mailroom.mailbox.blobs.s3.endpoint must be an http(s) URL, not " + endpoint);
            }
            require(bucket, "bucket");
            require(region, "region");
            require(accessKey, "access-key");
            require(secretKey, "secret-key");
            prefix = prefix == null ? "" : prefix;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        }

        /** From {@code mailroom.mailbox.blobs.s3.*}; a clear error naming the missing property. */
        public static Settings of(BlobsConfig.S3 config) {
            return new Settings(config.endpoint().orElse(null), config.bucket().orElse(null), config.region(),
                    config.accessKey().orElse(null), config.secretKey().orElse(null), config.prefix().orElse(""),
                    config.timeout());
        }

        private static void require(String value, String property) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("mailroom.mailbox.blobs.s3." + property
                        + " is required when mailroom.mailbox.blobs.store=s3 (env MAILROOM_MAILBOX_BLOBS_S3_"
                        + property.toUpperCase(Locale.ROOT).replace('-', '_') + ")");
            }
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", access-key="
                    + accessKey + ", prefix=" + prefix + "]";
        }
    }

    /** One answer of the store, its body read whole (objects are bounded by the message size limits). */
    private record Answer(int status, Buffer body) {
    }

    private final Settings settings;
    private final HttpClient client;
    private final SigV4 signer;
    private final String origin;
    private final String hostHeader;
    private final String basePath;

    public S3BlobStore(Vertx vertx, Settings settings) {
        this.settings = settings;
        URI endpoint = settings.endpoint();
        boolean tls = "https".equals(endpoint.getScheme());
        int port = endpoint.getPort() < 0 ? (tls ? 443 : 80) : endpoint.getPort();
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(tls)
                .setConnectTimeout((int) Math.min(settings.timeout().toMillis(), Integer.MAX_VALUE))
                .setMaxPoolSize(16));
        this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region());
        this.origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        this.hostHeader = endpoint.getHost() + (port == (tls ? 443 : 80) ? "" : ":" + port);
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        this.basePath = path + "/" + SigV4.encodeSegment(settings.bucket());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The object key of a blob: {@code <prefix>sha256/<aa>/<sha256>}. */
    public String key(String sha256) {
        return settings.prefix() + "sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    @Override
    public Uni<Void> put(String sha256, byte[] bytes) {
        check(sha256);
        return exists(sha256).chain(present -> present ? Uni.createFrom().voidItem() : upload(sha256, bytes));
    }

    /** Whether the object of {@code sha256} is in the store ({@code HEAD}). */
    public Uni<Boolean> exists(String sha256) {
        check(sha256);
        return send(HttpMethod.HEAD, sha256, null, SigV4.EMPTY_SHA256).map(answer -> {
            if (answer.status() == 200) {
                return true;
            }
            if (answer.status() == 404) {
                return false;
            }
            throw failure("HEAD", sha256, answer);
        });
    }

    private Uni<Void> upload(String sha256, byte[] bytes) {
        return send(HttpMethod.PUT, sha256, bytes, sha256).map(answer -> {
            if (answer.status() / 100 != 2) {
                throw failure("PUT", sha256, answer);
            }
            Log.debugf("blob stored store=s3 sha256=%s size=%d", sha256, bytes.length);
            return null;
        });
    }

    @Override
    public Uni<byte[]> get(String sha256) {
        check(sha256);
        return send(HttpMethod.GET, sha256, null, SigV4.EMPTY_SHA256).map(answer -> {
            if (answer.status() == 200) {
                return answer.body().getBytes();
            }
            if (answer.status() == 404) {
                return null;
            }
            throw failure("GET", sha256, answer);
        });
    }

    @Override
    public Uni<Void> delete(String sha256) {
        check(sha256);
        return send(HttpMethod.DELETE, sha256, null, SigV4.EMPTY_SHA256).map(answer -> {
            if (answer.status() / 100 != 2 && answer.status() != 404) {
                throw failure("DELETE", sha256, answer);
            }
            return null;
        });
    }

    private Uni<Answer> send(HttpMethod method, String sha256, byte[] body, String payloadSha256) {
        String path = basePath + "/" + encodeKey(key(sha256));
        Duration timeout = settings.timeout();
        Uni<Answer> once = Uni.createFrom().deferred(() -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Host", hostHeader);
            headers.put("x-amz-date", SigV4.amzDate(Instant.now()));
            headers.put("x-amz-content-sha256", payloadSha256);
            RequestOptions request = new RequestOptions().setMethod(method).setAbsoluteURI(origin + path)
                    .setIdleTimeout(timeout.toMillis());
            headers.forEach(request::putHeader);
            request.putHeader("Authorization", signer.authorization(method.name(), path, headers, payloadSha256));
            if (body != null) {
                request.putHeader("Content-Type", "application/octet-stream");
            }
            return client.request(request)
                    .chain(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                    .chain(response -> response.body().map(b -> new Answer(response.statusCode(), b)));
        });
        return once.ifNoItem().after(timeout).failWith(() -> new BlobStoreException(
                        "s3 " + method.name() + " " + key(sha256) + ": no answer within " + timeout, true))
                .onFailure(f -> !(f instanceof BlobStoreException)).transform(f -> new BlobStoreException(
                        "s3 " + method.name() + " " + key(sha256) + " at " + origin + ": " + f.getMessage(), f))
                .onFailure(f -> ((BlobStoreException) f).isTransient()).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(2);
    }

    /** A clear error out of the store's answer: status, S3 error code and message; 5xx and throttling transient. */
    private BlobStoreException failure(String operation, String sha256, Answer answer) {
        String text = answer.body() == null ? "" : answer.body().toString(StandardCharsets.UTF_8);
        Matcher code = ERROR_CODE.matcher(text);
        Matcher message = ERROR_MESSAGE.matcher(text);
        String errorCode = code.find() ? code.group(1) : null;
        StringBuilder why = new StringBuilder("s3 ").append(operation).append(' ').append(key(sha256))
                .append(" in bucket ").append(settings.bucket()).append(": answered ").append(answer.status());
        if (errorCode != null) {
            why.append(' ').append(errorCode);
        }
        if (message.find()) {
            why.append(" (").append(message.group(1)).append(')');
        }
        if (answer.status() == 403 || "InvalidAccessKeyId".equals(errorCode)
                || "SignatureDoesNotMatch".equals(errorCode)) {
            why.append("; check mailroom.mailbox.blobs.s3.access-key/secret-key/region");
        }
        boolean transientFailure = answer.status() >= 500 || answer.status() == 429 || "SlowDown".equals(errorCode)
                || "RequestTimeout".equals(errorCode);
        return new BlobStoreException(why.toString(), transientFailure);
    }

    private static String encodeKey(String key) {
        return java.util.Arrays.stream(key.split("/", -1)).map(SigV4::encodeSegment)
                .collect(java.util.stream.Collectors.joining("/"));
    }

    private static void check(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a blob is addressed by a lower-case hex SHA-256, not " + sha256);
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
