package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Outgoing;

/** What one agent call asked for, in call order; committed by {@link EffectWriter}. */
final class Effects {

    /** A message to send, or to keep as a draft when {@code draft} (the policy may turn a send into a draft). */
    record Message(String id, Outgoing message, boolean draft) {
    }

    /** A wake-up of {@code onSchedule}. */
    record Wakeup(String id, Instant at, JsonNode payload, String threadId) {
    }

    final List<Message> messages = new ArrayList<>();
    final List<Wakeup> wakeups = new ArrayList<>();

    static <T> io.smallrye.mutiny.Uni<Void> sequentially(List<T> items,
            java.util.function.Function<T, io.smallrye.mutiny.Uni<Void>> step) {
        io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item));
        }
        return chain;
    }
}
