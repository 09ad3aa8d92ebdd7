package dev.mailroom.router.parse;

/** A raw message the parser refuses; it is dead-lettered with reason {@code unparseable}. */
public class UnparseableMessageException extends Exception {

    public UnparseableMessageException(String message) {
        super(message);
    }

    public UnparseableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
