package dev.mailroom.agenthost.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Runs tasks one key at a time, in submission order per key, with up to {@code maxActive} keys at once, and accepts
 * at most {@code maxPending} unfinished tasks (the rest wait in {@link #submit}, which is how a consumer is slowed
 * down). A key's next task starts only when its previous one has completed; a key with more work goes to the back of
 * the ready queue, so one busy key cannot starve the others. Pure logic: the {@code runner} decides where a task
 * starts (in agent-host: a fresh Vert.x duplicated context per task).
 */
public final class KeyedLanes {

    private record Task(String key, Supplier<Uni<Void>> work) {
    }

    private record Waiter(Task task, UniEmitter<? super Void> emitter) {
    }

    private final int maxActive;
    private final int maxPending;
    private final Consumer<Runnable> runner;
    private final Map<String, ArrayDeque<Task>> lanes = new HashMap<>();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int active;
    private int pending;

    public KeyedLanes(int maxActive, int maxPending, Consumer<Runnable> runner) {
        if (maxActive < 1 || maxPending < maxActive) {
            throw new IllegalArgumentException("need 1 <= maxActive <= maxPending");
        }
        this.maxActive = maxActive;
        this.maxPending = maxPending;
        this.runner = runner;
    }

    /**
     * Queues {@code work} behind the earlier tasks of {@code key}. The returned {@link Uni} completes when the task is
     * accepted (immediately unless {@code maxPending} tasks are unfinished); the task's own outcome is its business:
     * it must handle its failures (a failure here only frees the lane).
     */
    public Uni<Void> submit(String key, Supplier<Uni<Void>> work) {
        Task task = new Task(key, work);
        return Uni.createFrom().emitter((UniEmitter<? super Void> emitter) -> {
            List<Task> start;
            synchronized (this) {
                if (pending >= maxPending) {
                    waiting.add(new Waiter(task, emitter));
                    return;
                }
                accept(task);
                start = startable();
            }
            startAll(start);
            emitter.complete(null);
        });
    }

    /** Tasks accepted and not finished. */
    public synchronized int pending() {
        return pending;
    }

    /** Keys with a running task. */
    public synchronized int active() {
        return active;
    }

    private void accept(Task task) {
        pending++;
        ArrayDeque<Task> lane = lanes.get(task.key());
        if (lane == null) {
            lane = new ArrayDeque<>();
            lanes.put(task.key(), lane);
            ready.add(task.key());
        }
        lane.add(task);
    }

    /** Under the lock: claims ready lanes up to {@code maxActive}, returns their head tasks. */
    private List<Task> startable() {
        List<Task> out = new ArrayList<>();
        while (active < maxActive && !ready.isEmpty()) {
            active++;
            out.add(lanes.get(ready.poll()).peek());
        }
        return out;
    }

    private void startAll(List<Task> tasks) {
        for (Task task : tasks) {
            runner.accept(() -> {
                Uni<Void> work;
                try {
                    work = task.work().get();
                } catch (RuntimeException e) {
                    work = Uni.createFrom().failure(e);
                }
                work.subscribe().with(ok -> finished(task), failure -> finished(task));
            });
        }
    }

    private void finished(Task task) {
        List<Task> start;
        Waiter admitted = null;
        synchronized (this) {
            ArrayDeque<Task> lane = lanes.get(task.key());
            lane.poll();
            active--;
            pending--;
            if (lane.isEmpty()) {
                lanes.remove(task.key());
            } else {
                ready.add(task.key());
            }
            if (!waiting.isEmpty()) {
                admitted = waiting.poll();
                accept(admitted.task());
            }
            start = startable();
        }
        startAll(start);
        if (admitted != null) {
            admitted.emitter().complete(null);
        }
    }
}
