package dev.mailroom.egress.delivery;

/** A delivery attempt failed; {@link #permanent()} says whether trying again can help. */
public class DeliveryException extends RuntimeException {

    private final String reason;
    private final boolean permanent;

    public DeliveryException(String reason, String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.permanent = permanent;
    }

    /** Machine-readable reason: {@code no-route}, {@code rejected}, {@code temporary-failure}. */
    public String reason() {
        return reason;
    }

    public boolean permanent() {
        return permanent;
    }
}
