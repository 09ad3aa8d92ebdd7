package dev.mailroom.mail.spf;

/** A condition that makes check_host() return {@code permerror} (syntax error, limits exceeded). */
final class SpfPermError extends Exception {
    SpfPermError(String message) {
        super(message, null, false, false);
    }
}
