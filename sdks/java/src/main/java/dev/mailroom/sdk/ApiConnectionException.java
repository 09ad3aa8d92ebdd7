package dev.mailroom.sdk;

/** The API could not be reached, or the connection broke before an answer (after the retries allowed). */
public class ApiConnectionException extends MailroomException {
    private static final long serialVersionUID = 1L;

    public ApiConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
