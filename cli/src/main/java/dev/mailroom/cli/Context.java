package dev.mailroom.cli;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

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
                    .maxRetries(2).build();
        }
        return client;
    }
}
