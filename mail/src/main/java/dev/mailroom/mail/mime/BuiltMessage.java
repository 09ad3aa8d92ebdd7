package dev.mailroom.mail.mime;

import java.util.Objects;

/**
 * A message ready for SMTP DATA: RFC 5322 bytes with CRLF line ends and no line over 998 octets. The array is not
 * copied; callers must not change it.
 *
 * @param bytes    the message, header and body, ending with CRLF (no SMTP dot-stuffing applied)
 * @param smtpUtf8 the message carries raw UTF-8 in an address local part or a message id (RFC 6531/6532): send with
 *                 the SMTPUTF8 parameter, or not at all to a server that lacks it
 * @param eightBit the body has octets above 127 (needs 8BITMIME); always false, every body is 7bit,
 *                 quoted-printable or base64
 */
public record BuiltMessage(byte[] bytes, boolean smtpUtf8, boolean eightBit) {

    public BuiltMessage {
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public String toString() {
        return "BuiltMessage[" + bytes.length + " bytes, smtpUtf8=" + smtpUtf8 + ", eightBit=" + eightBit + "]";
    }
}
