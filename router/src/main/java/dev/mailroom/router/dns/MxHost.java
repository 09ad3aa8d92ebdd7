package dev.mailroom.router.dns;

/**
 * One MX record.
 *
 * @param preference lower is preferred
 * @param host       exchange host name without the trailing dot, lower case
 */
public record MxHost(int preference, String host) {
}
