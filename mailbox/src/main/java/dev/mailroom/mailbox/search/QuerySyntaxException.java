package dev.mailroom.mailbox.search;

/**
 * A search query that cannot be read: {@link #token()} is the offending part as written, {@link #reason()} what is
 * wrong with it. The API answers it as {@code 422 invalid-request} naming {@code q}.
 */
public class QuerySyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String token;
    private final String reason;

    public QuerySyntaxException(String token, String reason) {
        super(reason + ": " + token, null, false, false);
        this.token = token;
        this.reason = reason;
    }

    /** The offending part of the query, as written. */
    public String token() {
        return token;
    }

    /** What is wrong with it, for the client. */
    public String reason() {
        return reason;
    }
}
