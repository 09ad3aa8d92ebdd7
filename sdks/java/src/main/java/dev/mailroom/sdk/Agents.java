package dev.mailroom.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Agents: webhook agent classes (register, change, remove), instances and their state, threads and events, sending
 * as an instance, and waiting for mail ({@link #waitForReply}, {@link #messages}, {@link #streamMessages}).
 */
public final class Agents extends Resource {

    /** The longest single long poll {@link #waitForReply} asks for. */
    static final Duration MAX_POLL = Duration.ofSeconds(30);

    Agents(Transport t) {
        super(t);
    }

    /** The agent classes, with their counts of instances. */
    public Paged<JsonObject> list() {
        return list(null);
    }

    public Paged<JsonObject> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/agents"), params), j -> j);
    }

    /** Registers a webhook agent class. */
    public JsonObject create(AgentDefinition definition) {
        return json(call("POST", "/v1/agents").body(definition.toJson()));
    }

    public JsonObject get(String name) {
        return json(call("GET", "/v1/agents/{name}", name));
    }

    public JsonObject update(String name, AgentDefinition definition) {
        return json(call("PUT", "/v1/agents/{name}", name).body(definition.toJson()));
    }

    public void delete(String name) {
        none(call("DELETE", "/v1/agents/{name}", name));
    }

    /** The instances of a class. */
    public Paged<JsonObject> instances(String className) {
        return instances(className, null);
    }

    public Paged<JsonObject> instances(String className, ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/agents/{class}/instances", className), params), j -> j);
    }

    /** An instance with its state ({@code state}). */
    public JsonObject getInstance(String className, String instance) {
        return json(call("GET", "/v1/agents/{class}/instances/{instance}", className, instance));
    }

    /** An instance's recent events (newest first). */
    public List<JsonObject> events(String className, String instance) {
        return json(call("GET", "/v1/agents/{class}/instances/{instance}/events", className, instance))
                .objects("items");
    }

    /** An instance's threads with their messages. */
    public Paged<JsonObject> threads(String className, String instance) {
        return threads(className, instance, null);
    }

    public Paged<JsonObject> threads(String className, String instance, ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/agents/{class}/instances/{instance}/threads", className,
                instance), params), j -> j);
    }

    /** Sends a message as the instance, through its class's send policy (queued, or held as a draft). */
    public ReplyAccepted send(String className, String instance, SendParams params) {
        ReplyAccepted sent = ReplyAccepted.from(json(call("POST", "/v1/agents/{class}/instances/{instance}/send",
                className, instance).body(params.toInstanceJson()).idempotencyKey(keyOr(params.idempotencyKey))));
        return sent(sent, sent.id());
    }

    /**
     * One long poll ({@code waitAgentMessages}): the messages after {@code after} (absent: now), waiting up to
     * {@code timeout} (the server's default 30 s when absent; zero answers at once) for the first ones.
     */
    public WaitPage messages(String className, String instance, WaitParams params) {
        WaitParams p = params == null ? WaitParams.defaults() : params;
        Duration wait = p.timeout() == null ? MAX_POLL : p.timeout();
        return poll(className, instance, p.after(), p.direction(), p.thread(), wait);
    }

    private WaitPage poll(String className, String instance, Long after, String direction, String thread,
            Duration wait) {
        return WaitPage.from(json(call("GET", "/v1/agents/{class}/instances/{instance}/messages", className, instance)
                .query("after", after).query("direction", direction).query("thread", thread)
                .query("wait", wait.toMillis() + "ms").extraTimeout(wait)));
    }

    /**
     * The first message of the instance after the cursor ({@code params.after}, else the moment of the call),
     * {@code direction} {@code in} unless given ({@code out}: the agent's own answer), waiting up to
     * {@code params.timeout} (default 30 s). Empty when the time passes: never an exception for a timeout.
     */
    public Optional<WaitedMessage> waitForReply(String className, String instance, WaitParams params) {
        WaitParams p = params == null ? WaitParams.defaults() : params;
        Duration timeout = p.timeout() == null ? WaitParams.DEFAULT_TIMEOUT : p.timeout();
        String direction = p.direction() == null ? "in" : p.direction();
        long deadline = System.nanoTime() + timeout.toNanos();
        Long after = p.after();
        while (true) {
            Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Duration wait = remaining.compareTo(MAX_POLL) > 0 ? MAX_POLL : remaining;
            WaitPage page = poll(className, instance, after, direction, p.thread(), wait);
            if (!page.messages().isEmpty()) {
                return Optional.of(page.messages().get(0));
            }
            after = page.cursor(); // the first poll without after answers "now": keep it
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
        }
    }

    public Optional<WaitedMessage> waitForReply(String className, String instance) {
        return waitForReply(className, instance, null);
    }

    /** {@link #waitForReply(String, String, WaitParams)} on the SDK's daemon threads. */
    public CompletableFuture<Optional<WaitedMessage>> waitForReplyAsync(String className, String instance,
            WaitParams params) {
        return waitForReplyAsync(className, instance, params, Transport.ASYNC);
    }

    /** {@link #waitForReply(String, String, WaitParams)} on {@code executor}. */
    public CompletableFuture<Optional<WaitedMessage>> waitForReplyAsync(String className, String instance,
            WaitParams params, Executor executor) {
        return CompletableFuture.supplyAsync(() -> waitForReply(className, instance, params), executor);
    }

    /**
     * The instance's messages as they commit (server-sent events), as a blocking iterator that reconnects with
     * {@code after=<last seq>} so none is skipped; close it when done.
     */
    public EventStream<WaitedMessage> streamMessages(String className, String instance, WaitParams params) {
        WaitParams p = params == null ? WaitParams.defaults() : params;
        return new EventStream<>(token -> t.open(
                call("GET", "/v1/agents/{class}/instances/{instance}/messages/stream", className, instance)
                        .query("after", token).query("direction", p.direction()).query("thread", p.thread())
                        .accept("text/event-stream")),
                e -> WaitedMessage.from(JsonObject.parse(e.data())), m -> Long.toString(m.seq()), t.maxRetries,
                p.after() == null ? null : Long.toString(p.after()));
    }
}
