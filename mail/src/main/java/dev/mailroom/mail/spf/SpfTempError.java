package dev.mailroom.mail.spf;

/** A DNS failure that makes check_host() return {@code temperror}. */
final class SpfTempError extends Exception {
    SpfTempError(String message) {
        super(message, null, false, false);
    }
}
