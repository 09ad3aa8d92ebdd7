package dev.mailroom.mailbox.messaging;

import java.time.Duration;

import dev.mailroom.contract.ContractException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The consumers' failure policy (ADR 0035): a record that breaks the contract ({@link ContractException}) goes to
 * the channel's dead-letter topic at once; any other failure (database unreachable, a lost race) is retried with
 * backoff a few times, then dead-lettered too, so a record never blocks its partition and is never dropped silently.
 */
final class Retries {

    static final int ATTEMPTS = 5;

    private Retries() {
    }

    static <T> Uni<T> withRetries(String channel, java.util.function.Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(f -> !(f instanceof ContractException)).invoke(f -> Log.warnf(
                        "record failed, retrying channel=%s error=%s", channel, brief(f)))
                .onFailure(f -> !(f instanceof ContractException)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(ATTEMPTS)
                .onFailure().invoke(f -> Log.errorf("record dead-lettered channel=%s reason=%s", channel,
                        f instanceof ContractException c ? c.reason() + ": " + c.getMessage() : brief(f)));
    }

    /** The failure in one short line: database errors may quote parameter values (message content). */
    private static String brief(Throwable f) {
        String text = f.getClass().getSimpleName() + ": " + f.getMessage();
        text = text.lines().findFirst().orElse(text);
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
