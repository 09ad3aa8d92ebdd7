package dev.mailroom.mail.dkim;

/** A signature or key that cannot be evaluated: the verdict is {@code permerror}. */
final class DkimPermError extends Exception {
    DkimPermError(String message) {
        super(message, null, false, false);
    }
}
