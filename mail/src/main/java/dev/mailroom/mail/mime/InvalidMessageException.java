package dev.mailroom.mail.mime;

import java.util.List;

/**
 * A send request that cannot become a message; {@link #field()} and {@link #detail()} describe the first of
 * {@link #violations()}, which lists them all (never empty).
 */
public final class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /** @param violations every problem found, at least one */
    public InvalidMessageException(List<Violation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    private static String message(List<Violation> violations) {
        if (violations == null || violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid message has at least one violation");
        }
        Violation first = violations.get(0);
        return first + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
    }

    /** The JSON field of the first violation. */
    public String field() {
        return violations.get(0).field();
    }

    /** What is wrong with {@link #field()}. */
    public String detail() {
        return violations.get(0).detail();
    }

    /** Every violation, in request field order. */
    public List<Violation> violations() {
        return violations;
    }
}
