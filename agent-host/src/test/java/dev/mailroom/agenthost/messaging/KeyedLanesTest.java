package dev.mailroom.agenthost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class KeyedLanesTest {

    /** Tasks named {@code key:n}; each completes when the test says so. */
    private final List<String> started = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> running = new HashMap<>();

    private void submit(KeyedLanes lanes, String name) {
        lanes.submit(name.substring(0, name.indexOf(':')), () -> {
            started.add(name);
            CompletableFuture<Void> f = new CompletableFuture<>();
            running.put(name, f);
            return Uni.createFrom().completionStage(f);
        }).await().indefinitely();
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInOrderWhileOtherKeysProceed() {
        KeyedLanes lanes = new KeyedLanes(8, 100, Runnable::run);
        submit(lanes, "a:1");
        submit(lanes, "a:2");
        submit(lanes, "b:1");
        submit(lanes, "a:3");
        assertEquals(List.of("a:1", "b:1"), started, "a:2 waits for a:1; b is not held up by a");
        running.get("b:1").complete(null);
        assertEquals(List.of("a:1", "b:1"), started);
        running.get("a:1").complete(null);
        assertEquals(List.of("a:1", "b:1", "a:2"), started);
        running.get("a:2").completeExceptionally(new IllegalStateException("boom"));
        assertEquals(List.of("a:1", "b:1", "a:2", "a:3"), started, "a failure frees the lane");
        running.get("a:3").complete(null);
        assertEquals(0, lanes.pending());
        assertEquals(0, lanes.active());
    }

    @Test
    void atMostMaxActiveKeysRunAtOnce() {
        KeyedLanes lanes = new KeyedLanes(2, 100, Runnable::run);
        submit(lanes, "a:1");
        submit(lanes, "b:1");
        submit(lanes, "c:1");
        assertEquals(List.of("a:1", "b:1"), started);
        assertEquals(2, lanes.active());
        running.get("b:1").complete(null);
        assertEquals(List.of("a:1", "b:1", "c:1"), started);
    }

    @Test
    void submissionWaitsWhileMaxPendingTasksAreUnfinished() {
        KeyedLanes lanes = new KeyedLanes(1, 2, Runnable::run);
        submit(lanes, "a:1");
        submit(lanes, "a:2");
        AtomicBoolean accepted = new AtomicBoolean();
        lanes.submit("b", () -> {
            started.add("b:1");
            return Uni.createFrom().voidItem();
        }).subscribe().with(ok -> accepted.set(true));
        assertFalse(accepted.get(), "the third task is not accepted while two are unfinished");
        running.get("a:1").complete(null);
        assertTrue(accepted.get());
        assertEquals(List.of("a:1", "a:2"), started, "accepted behind a:2 (one lane at a time)");
        running.get("a:2").complete(null);
        assertEquals(List.of("a:1", "a:2", "b:1"), started);
        assertEquals(0, lanes.pending());
    }

    @Test
    void aTaskThatThrowsInsteadOfFailingStillFreesItsLane() {
        KeyedLanes lanes = new KeyedLanes(1, 10, Runnable::run);
        lanes.submit("a", () -> {
            throw new IllegalStateException("bug");
        }).await().indefinitely();
        submit(lanes, "a:2");
        assertEquals(List.of("a:2"), started);
    }

    @Test
    void boundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedLanes(0, 1, Runnable::run));
        assertThrows(IllegalArgumentException.class, () -> new KeyedLanes(4, 2, Runnable::run));
    }
}
