package dev.mailroom.egress.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Pure logic: the runner's promise is "never two runs at once, and no request left without a run after it". */
class CoalescingRunnerTest {

    /** A task whose runs complete only when the test says so. */
    static final class HeldTask {
        final List<CompletableFuture<Void>> runs = new ArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        synchronized Uni<Void> start() {
            CompletableFuture<Void> run = new CompletableFuture<>();
            runs.add(run);
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            return Uni.createFrom().completionStage(run).eventually(concurrent::decrementAndGet);
        }

        synchronized int count() {
            return runs.size();
        }

        void finish(int run) {
            runs.get(run).complete(null);
        }
    }

    @Test
    void aRequestWhileIdleRunsAtOnce() {
        HeldTask task = new HeldTask();
        CoalescingRunner runner = new CoalescingRunner(task::start, Runnable::run);
        runner.run().subscribe().with(ignored -> { });
        assertEquals(1, task.count());
        assertTrue(runner.running());
        task.finish(0);
        assertFalse(runner.running());
        assertEquals(1, task.count(), "nothing was requested during the run: no second run");
    }

    @Test
    void requestsDuringARunMakeExactlyOneMoreRunAfterIt() {
        HeldTask task = new HeldTask();
        CoalescingRunner runner = new CoalescingRunner(task::start, Runnable::run);
        runner.run().subscribe().with(ignored -> { });
        runner.run().subscribe().with(ignored -> { });
        runner.run().subscribe().with(ignored -> { });
        assertEquals(1, task.count(), "never two runs at once");
        task.finish(0);
        assertEquals(2, task.count(), "the requests made during run 0 are served by run 1");
        task.finish(1);
        assertEquals(2, task.count());
        assertFalse(runner.running());
        assertEquals(1, task.maxConcurrent.get());
    }

    /** The lost wake-up: a request after the task's last look at its requests, before it stops running. */
    @Test
    void aRequestAfterTheTasksLastCheckIsNotLost() {
        CompletableFuture<Void> recording = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        CoalescingRunner[] holder = new CoalescingRunner[1];
        CoalescingRunner runner = new CoalescingRunner(() -> {
            int run = runs.incrementAndGet();
            // the task's own loop: it takes requests while it works, then (nothing requested) finishes its tail
            boolean more = holder[0].takeRequest();
            assertFalse(more);
            return run == 1 ? Uni.createFrom().completionStage(recording) : Uni.createFrom().voidItem();
        }, Runnable::run);
        holder[0] = runner;
        runner.run().subscribe().with(ignored -> { });
        runner.run().subscribe().with(ignored -> { }); // arrives during the tail (run 1 is still running)
        assertEquals(1, runs.get());
        recording.complete(null);
        assertEquals(2, runs.get(), "the request that came during the tail got a run of its own");
    }

    @Test
    void aFailedRunReleasesTheRunner() {
        AtomicInteger runs = new AtomicInteger();
        CoalescingRunner runner = new CoalescingRunner(() -> {
            runs.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }, Runnable::run);
        runner.run().await().indefinitely();
        assertFalse(runner.running());
        runner.run().await().indefinitely();
        assertEquals(2, runs.get());
    }

    /** Many threads asking at once: never two runs at once, and the last request is followed by a run. */
    @Test
    void concurrentRequestsNeverOverlapAndTheLastOneIsServed() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runsStarted = new AtomicInteger();
        AtomicInteger requested = new AtomicInteger();
        AtomicInteger seenByLastRun = new AtomicInteger();
        ExecutorService completer = Executors.newSingleThreadExecutor();
        ExecutorService reruns = Executors.newSingleThreadExecutor();
        CoalescingRunner runner = new CoalescingRunner(() -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            runsStarted.incrementAndGet();
            seenByLastRun.set(requested.get()); // every request counted here is served by this run
            // completes on another thread, a little later: the release races with new requests
            return Uni.createFrom().emitter(e -> completer.execute(() -> {
                Thread.onSpinWait();
                concurrent.decrementAndGet();
                e.complete(null);
            }));
        }, reruns);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        int requests = 20_000;
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests; i++) {
            callers.execute(() -> {
                requested.incrementAndGet();
                runner.run().subscribe().with(ignored -> { });
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        callers.shutdown();
        // wait for quiet: every request must be followed by a run that started after it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.running() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        completer.shutdown();
        reruns.shutdown();
        assertTrue(completer.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(reruns.awaitTermination(10, TimeUnit.SECONDS));
        assertFalse(runner.running(), "the runner came to rest");
        assertEquals(1, maxConcurrent.get(), "never two runs at once");
        assertEquals(requests, seenByLastRun.get(), "a run started after the last request (no lost wake-up)");
        assertTrue(runsStarted.get() < requests, "requests during a run were coalesced: " + runsStarted.get());
    }

    /** A task that keeps asking for more (the worker under steady load) runs once per request, never nested. */
    @Test
    void aTaskThatAsksForMoreRunsAgainOnAFreshStack() throws Exception {
        ExecutorService reruns = Executors.newSingleThreadExecutor();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        CoalescingRunner[] holder = new CoalescingRunner[1];
        holder[0] = new CoalescingRunner(() -> {
            deepest.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
            if (runs.incrementAndGet() < 5_000) {
                holder[0].request(); // completes synchronously, and there is more
            } else {
                finished.countDown();
            }
            return Uni.createFrom().voidItem();
        }, reruns);
        holder[0].run().subscribe().with(ignored -> { });
        assertTrue(finished.await(30, TimeUnit.SECONDS));
        reruns.shutdown();
        assertTrue(reruns.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(5_000, runs.get(), "one run per request, then rest");
        assertFalse(holder[0].running());
        assertTrue(deepest.get() < 200, "runs start on a fresh stack, not nested in the last one: " + deepest.get());
    }
}
