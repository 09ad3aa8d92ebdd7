package dev.mailroom.cli;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import dev.mailroom.sdk.Mailroom;

/**
 * What a command runs with: the output, the resolved endpoint and key, the environment and standard input, whether
 * {@code --json} was given, and the API client (built on first use, so {@code --help} or {@code completion} never
 * need a key).
 */
public final class Context {

    private final Output out;
    private final Map<String, String> env;
    private final InputStream stdin;
    private final boolean json;
    private final String profileFlag;
    private final String urlFlag;
    private Config config;
    private Mailroom client;
    private HttpClient http;

    public Context(Output out, Map<String, String> env, InputStream stdin, boolean json, String profileFlag,
            String urlFlag) {
        this.out = out;
        this.env = env;
        this.stdin = stdin;
        this.json = json;
        this.profileFlag = profileFlag;
        this.urlFlag = urlFlag;
    }

    public Output out() {
        return out;
    }

    public Map<String, String> env() {
        return env;
    }

    public InputStream stdin() {
        return stdin;
    }

    public boolean json() {
        return json;
    }

    public String profileFlag() {
        return profileFlag;
    }

    public Config config() {
        if (config == null) {
            config = Config.resolve(env, profileFlag, urlFlag);
        }
        return config;
    }

    /** The SDK client for the resolved endpoint and key (exit 3 when there is no key). */
    public Mailroom api() {
        if (client == null) {
            Config c = config();
            client = Mailroom.builder().baseUrl(c.url()).apiKey(c.requireKey()).timeout(Duration.ofSeconds(30))
                    .maxRetries(2).httpClient(http()).build();
        }
        return client;
    }

    /**
     * The JDK HTTP client for the endpoint. For a plain {@code http://} endpoint (the local stack) its TLS context
     * has no trust store loaded: building the default one reads and parses the JDK's CA certificates, a third of
     * a command's start (docs/performance.md, "## CLI"); it is never used, as the client follows no redirect.
     */
    public HttpClient http() {
        if (http == null) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10));
            if (config().url().startsWith("http://")) {
                try {
                    SSLContext tls = SSLContext.getInstance("TLS");
                    tls.init(new KeyManager[0], new TrustManager[0], null);
                    b.sslContext(tls);
                } catch (GeneralSecurityException e) {
                    // keep the default context
                }
            }
            http = b.build();
        }
        return http;
    }
}
