package dev.mailroom.contract;

/**
 * A record that does not honour the Kafka contract (missing header, undecodable JSON, unknown version). Consumers
 * dead-letter such records with {@link #reason()} as the reason.
 */
public class ContractException extends RuntimeException {

    private final String reason;

    public ContractException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ContractException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Short, stable, machine-readable reason, e.g. {@code undecodable-json}. */
    public String reason() {
        return reason;
    }
}
