package dev.mailroom.platform.auth;

/**
 * The key store could not say whether a key is valid (unreachable, timed out, an unexpected answer): REST answers
 * {@code 503 key-check-unavailable}, SMTP AUTH {@code 454 4.7.0}. The message is for logs only.
 */
public class KeyCheckUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyCheckUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
