package dev.mailroom.agent;

/**
 * A failure that retrying cannot cure (a webhook answering 4xx, an invalid answer, a message the agent can never
 * handle): thrown by (or failing the {@code Uni} of) {@link Agent#onEmail} or {@link Agent#onSchedule}, it rolls the
 * call's effects back like any failure, but the host does not retry: it dead-letters the message at once with
 * {@link #reason()} in the {@code dead-letter-reason} header (a schedule is marked failed at once). Any other
 * exception is treated as transient and retried.
 */
public class PermanentAgentFailure extends RuntimeException {

    private final String reason;

    /**
     * @param reason short machine-readable code followed by a human text, e.g. {@code webhook-rejected: HTTP 400}
     */
    public PermanentAgentFailure(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
