package dev.mailroom.sdk;

/** The root of every exception the SDK throws (unchecked). */
public class MailroomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MailroomException(String message) {
        super(message);
    }

    public MailroomException(String message, Throwable cause) {
        super(message, cause);
    }
}
