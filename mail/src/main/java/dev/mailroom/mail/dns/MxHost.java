package dev.mailroom.mail.dns;

/**
 * One MX record.
 *
 * @param preference lower is preferred
 * @param host       exchange host name without the trailing dot; empty for a null MX (RFC 7505: the target is ".")
 */
public record MxHost(int preference, String host) {
}
