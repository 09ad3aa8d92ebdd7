package dev.mailroom.agent;

/**
 * A failure that retrying cannot cure (a webhook answering 4xx, an invalid answer): the host does not retry the
 * message but dead-letters it at once with {@link #reason()} (a schedule is marked failed at once).
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
