package dev.mailroom.egress.delivery;

/**
 * One MX record.
 *
 * @param preference lower is tried first
 * @param host the exchange's host name without trailing dot; {@code "."} for a null MX (RFC 7505)
 */
public record MxRecord(int preference, String host) {
}
