package dev.mailroom.egress.service;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs a task never twice at once, and never misses a request: a {@link #run()} while the task runs is remembered,
 * and the task runs once more after it (any number of such requests make one more run). The task may also take the
 * request itself ({@link #takeRequest()}) to loop on it, as the delivery worker does between its rounds.
 * <p>
 * Why a class of its own: the check "was more work requested?" and the release of "running" race. A request that
 * arrives after the task's last check but before the release finds the task running and only leaves a flag; unless
 * that flag is read once more after the release, the work waits for the next timer tick. That lost wake-up held
 * mail in egress-sender's queue for up to its poll interval (1 s) at 100 messages/s. And a task that loops by
 * chaining its next round to the last one builds a chain as long as the load lasts; looping through
 * {@link #request()} starts each round afresh.
 */
final class CoalescingRunner {

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Supplier<Uni<Void>> task;
    private final Executor reruns;

    /**
     * @param reruns where a run again after a run starts: not on the finishing run's stack, so a task that
     *               completes synchronously and keeps asking for more does not recurse
     */
    CoalescingRunner(Supplier<Uni<Void>> task, Executor reruns) {
        this.task = task;
        this.reruns = reruns;
    }

    /**
     * Runs the task now, or, when it is running, makes sure it runs again after the current run. Completes when
     * this call's run is over (at once when it only left a request); a run again after it is a subscription of its
     * own, so steady load, where every run is followed by another, never builds an ever longer chain of
     * subscriptions. The task's failures are the task's to log: they end the run, not the runner.
     */
    Uni<Void> run() {
        // requested is set before running is read again, and the run reads requested after it clears running:
        // either the run sees this request, or this call sees running cleared and claims the next run itself
        while (!running.compareAndSet(false, true)) {
            requested.set(true);
            if (running.get()) {
                return Uni.createFrom().voidItem();
            }
        }
        requested.set(false);
        return Uni.createFrom().deferred(task::get)
                .onFailure().recoverWithNull().replaceWithVoid()
                .eventually(() -> {
                    running.set(false);
                    if (requested.get()) {
                        reruns.execute(() -> run().subscribe().with(ignored -> { }, ignored -> { }));
                    }
                });
    }

    /** Asks for one more run after the current one (from the task: "there is more, run me again"). */
    void request() {
        requested.set(true);
    }

    /** Whether a run was requested since the current run started or last took one; clears the request. */
    boolean takeRequest() {
        return requested.getAndSet(false);
    }

    /** Whether the task is running (for tests). */
    boolean running() {
        return running.get();
    }
}
