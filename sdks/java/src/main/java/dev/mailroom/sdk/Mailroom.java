package dev.mailroom.sdk;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The client of Mailroom's public API. Thread-safe; build one and share it.
 * <pre>{@code
 * Mailroom mr = Mailroom.builder().apiKey(apiKey).baseUrl(baseUrl).build();
 * SendAccepted sent = mr.emails().send(SendParams.builder().from(from).to(to).subject(s).text(t).build());
 * Optional<WaitedMessage> msg = mr.agents().waitForReply("Echo", "t1", WaitParams.timeout(Duration.ofSeconds(30)));
 * }</pre>
 * {@code baseUrl} defaults to the environment variable {@code MAILROOM_BASE_URL}, else {@code http://127.0.0.1:8080};
 * {@code apiKey} to {@code MAILROOM_API_KEY}. Requests time out after {@code timeout} (default 30 s; a long poll adds
 * its wait); failures are retried {@code maxRetries} times (default 2) where safe (see the README).
 */
public final class Mailroom {

    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

    private final Transport transport;
    private final Emails emails;
    private final Mailboxes mailboxes;
    private final Threads threads;
    private final Messages messages;
    private final Labels labels;
    private final Drafts drafts;
    private final Agents agents;
    private final Schedules schedules;
    private final Domains domains;
    private final ApiKeys apiKeys;
    private final Suppressions suppressions;
    private final Webhooks webhooks;
    private final Events events;

    private Mailroom(Transport t) {
        this.transport = t;
        this.emails = new Emails(t);
        this.mailboxes = new Mailboxes(t);
        this.threads = new Threads(t);
        this.messages = new Messages(t);
        this.labels = new Labels(t);
        this.drafts = new Drafts(t);
        this.agents = new Agents(t);
        this.schedules = new Schedules(t);
        this.domains = new Domains(t);
        this.apiKeys = new ApiKeys(t);
        this.suppressions = new Suppressions(t);
        this.webhooks = new Webhooks(t);
        this.events = new Events(t);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SDK's version (the server release it was built with). */
    public static String version() {
        return Transport.VERSION;
    }

    public String baseUrl() {
        return transport.baseUrl;
    }

    public Emails emails() {
        return emails;
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    public Threads threads() {
        return threads;
    }

    public Messages messages() {
        return messages;
    }

    public Labels labels() {
        return labels;
    }

    public Drafts drafts() {
        return drafts;
    }

    public Agents agents() {
        return agents;
    }

    public Schedules schedules() {
        return schedules;
    }

    public Domains domains() {
        return domains;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Suppressions suppressions() {
        return suppressions;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    public Events events() {
        return events;
    }

    public static final class Builder {
        private String apiKey = System.getenv("MAILROOM_API_KEY");
        private String baseUrl = System.getenv("MAILROOM_BASE_URL");
        private int maxRetries = 2;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private Consumer<RetryEvent> onRetry;
        private HttpClient httpClient;
        private boolean readYourSends = true;

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Retries after the first attempt (default 2; 0 disables them). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Per request (default 30 s); a long poll adds its wait. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The longest wait before a retry, even when {@code Retry-After} asks for more (default 60 s). */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = Objects.requireNonNull(maxRetryDelay);
            return this;
        }

        /** Called before each retry (e.g. to log or count them). */
        public Builder onRetry(Consumer<RetryEvent> onRetry) {
            this.onRetry = onRetry;
            return this;
        }

        /** The JDK client to use (default: a new one, HTTP/1.1, 10 s connect timeout). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Reading your own sends (default on): {@code emails().get}, {@code messages().get/raw/body} of an id this
         * client's own send was given in the last 60 s retry a 404 for up to 5 s, while the mailbox files the send.
         */
        public Builder readYourSends(boolean readYourSends) {
            this.readYourSends = readYourSends;
            return this;
        }

        public Mailroom build() {
            String url = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            return new Mailroom(new Transport(http, url, apiKey, maxRetries, timeout, maxRetryDelay, onRetry,
                    readYourSends));
        }
    }
}
