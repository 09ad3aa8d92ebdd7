package dev.mailroom.agent;

import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot read in the call's transaction ({@link AgentContext#history()}), safe to share between
 * threads; effects of the running call other than the message being handled are not in it. What an instance has
 * exchanged: its threads, most recently active first, each with its messages oldest first.
 * Bounded by {@code mailroom.agent.history-limit} messages (the newest are kept).
 *
 * @param threads the threads, most recently active first
 */
public record History(List<Conversation> threads) {

    public History {
        threads = List.copyOf(threads);
    }

    /** The thread with host thread id {@code id}. */
    public Optional<Conversation> thread(String id) {
        return threads.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** A message by its id (routed id or send id). */
    public Optional<HistoryMessage> message(String id) {
        return threads.stream().flatMap(t -> t.messages().stream()).filter(m -> m.id().equals(id)).findFirst();
    }

    /** Every message, in thread order. */
    public List<HistoryMessage> messages() {
        return threads.stream().flatMap(t -> t.messages().stream()).toList();
    }
}
