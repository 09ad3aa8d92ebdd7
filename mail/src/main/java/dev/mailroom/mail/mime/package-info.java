/**
 * RFC 5322 / MIME message construction for outbound mail: {@link dev.mailroom.mail.mime.MimeBuilder} validates a
 * {@link dev.mailroom.contract.OutboundRequest} field by field ({@link dev.mailroom.mail.mime.Violation}) and
 * writes deterministic, 7-bit-clean bytes ({@link dev.mailroom.mail.mime.BuiltMessage}): CRLF only, lines within
 * 998 octets, header fields folded near 78 characters, RFC 2047 / RFC 2231 for non-ASCII, no header injection.
 */
package dev.mailroom.mail.mime;
