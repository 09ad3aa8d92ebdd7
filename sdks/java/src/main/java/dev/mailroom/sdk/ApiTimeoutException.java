package dev.mailroom.sdk;

/** No answer within the request timeout (after the retries allowed). */
public class ApiTimeoutException extends ApiConnectionException {
    private static final long serialVersionUID = 1L;

    public ApiTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
