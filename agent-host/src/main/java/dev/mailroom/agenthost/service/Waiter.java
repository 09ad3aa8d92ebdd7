package dev.mailroom.agenthost.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agenthost.model.AgentMessage;
import dev.mailroom.agenthost.repository.AgentMessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * "Send, then await the answer" for tools outside the host: waits for an instance's next history messages after a
 * cursor (the history sequence number), by long poll or as a stream. It reads committed history only, so what it
 * returns is what the agent saw, and it works the same with any number of agent-host replicas (it polls the
 * database every {@code mailroom.wait.poll-interval}; no in-memory signal to miss).
 */
@ApplicationScoped
public class Waiter {

    /** Most messages in one answer. */
    public static final int PAGE = 100;

    /** Messages after a cursor, and the cursor to ask with next. */
    public record Page(List<Waited> messages, long cursor) {
    }

    /** One message and its place in the instance's history. */
    public record Waited(long seq, String agent, HistoryMessage message) {
    }

    /** What to wait for. */
    public record Filter(String agentKey, HistoryMessage.Direction direction, String threadId) {
    }

    private final AgentMessageRepository messages;
    private final Duration pollInterval;

    public Waiter(AgentMessageRepository messages, dev.mailroom.agenthost.config.AgentHostConfig config) {
        this.messages = messages;
        this.pollInterval = config.waiting().pollInterval();
    }

    /** The cursor of "now": the instance's last sequence number. */
    public Uni<Long> now(String agentKey) {
        return Panache.withSession(() -> messages.lastSeq(agentKey));
    }

    /**
     * The messages after {@code after} matching {@code filter}; when there are none yet, waits up to {@code wait}
     * for the first ones. An empty page after the wait keeps the cursor.
     */
    public Uni<Page> next(Filter filter, long after, Duration wait) {
        Context context = Vertx.currentContext();
        long deadline = System.nanoTime() + wait.toNanos();
        return poll(context, filter, after, deadline);
    }

    private Uni<Page> poll(Context context, Filter filter, long after, long deadline) {
        return fetch(filter, after).chain(page -> {
            if (!page.messages().isEmpty() || System.nanoTime() >= deadline) {
                return Uni.createFrom().item(page);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(pollInterval)
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .chain(() -> poll(context, filter, after, deadline));
        });
    }

    /** Every message after {@code after} matching {@code filter}, as they commit, until the subscriber cancels. */
    public Multi<Waited> stream(Filter filter, long after) {
        Context context = Vertx.currentContext();
        AtomicLong cursor = new AtomicLong(after);
        return Multi.createBy().repeating()
                .uni(() -> Uni.createFrom().voidItem().emitOn(task -> context.runOnContext(ignored -> task.run()))
                        .chain(() -> fetch(filter, cursor.get())))
                .withDelay(pollInterval).indefinitely()
                .onItem().transformToIterable(page -> {
                    cursor.set(page.cursor());
                    return page.messages();
                });
    }

    private Uni<Page> fetch(Filter filter, long after) {
        return Panache.withSession(() -> messages.after(filter.agentKey(), after, filter.direction(),
                filter.threadId(), PAGE)).map(list -> {
                    List<Waited> out = list.stream().map(m -> waited(m)).toList();
                    return new Page(out, out.isEmpty() ? after : out.get(out.size() - 1).seq());
                });
    }

    private static Waited waited(AgentMessage m) {
        return new Waited(m.seq, m.agentKey, HistoryStore.view(m));
    }
}
