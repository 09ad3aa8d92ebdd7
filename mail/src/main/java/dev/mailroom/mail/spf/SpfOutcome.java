package dev.mailroom.mail.spf;

/**
 * Result of one SPF evaluation.
 *
 * @param result      the verdict
 * @param domain      the domain whose policy was checked (MAIL FROM domain, or HELO for the null sender)
 * @param explanation the expanded {@code exp=} text for a {@code fail}, otherwise null
 * @param detail      what decided (matched mechanism, error), for humans
 */
public record SpfOutcome(SpfResult result, String domain, String explanation, String detail) {
}
