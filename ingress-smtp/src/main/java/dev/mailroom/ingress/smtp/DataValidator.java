package dev.mailroom.ingress.smtp;

/**
 * Checks the message content a client sent in DATA or BDAT, after SubEthaSMTP removed the terminator and the dot
 * stuffing and before anything (our {@code Received:} header included) is added. One pass over the bytes; the first
 * failing check in this order decides:
 * <ol>
 * <li>bare CR or bare LF (a CR not followed by LF, an LF not preceded by CR) → {@code 554 5.6.0}: the SMTP
 * smuggling defence, see docs/adr/0006-smtp-smuggling.md;</li>
 * <li>a NUL octet → {@code 554 5.6.0};</li>
 * <li>a header line (before the first empty line) longer than 998 octets, CRLF excluded → {@code 554 5.6.0};</li>
 * <li>an octet above 127 when MAIL FROM declared neither {@code BODY=8BITMIME} nor {@code SMTPUTF8} →
 * {@code 554 5.6.1}.</li>
 * </ol>
 * Pure and thread-safe.
 */
final class DataValidator {

    /** RFC 5322 section 2.1.1: at most 998 characters per line, excluding the CRLF. */
    static final int MAX_HEADER_LINE_OCTETS = 998;

    private static final String COMPONENT = "data-validator";

    private DataValidator() {
    }

    /**
     * @param content          the message as the client sent it, unstuffed, without the end-of-data line
     * @param eightBitDeclared whether MAIL FROM carried {@code BODY=8BITMIME} or {@code SMTPUTF8}
     * @return an accepting outcome, or the refusal of the first failing check
     */
    static SmtpOutcome check(byte[] content, boolean eightBitDeclared) {
        String bareLineEnding = null;
        boolean nul = false;
        boolean longHeaderLine = false;
        boolean eightBit = false;
        boolean inHeader = true;
        int lineLength = 0;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    // CRLF: end of a line
                    if (inHeader) {
                        if (lineLength == 0) {
                            inHeader = false;
                        } else if (lineLength > MAX_HEADER_LINE_OCTETS) {
                            longHeaderLine = true;
                        }
                    }
                    lineLength = 0;
                    i++;
                    continue;
                }
                if (bareLineEnding == null) {
                    bareLineEnding = "bare-cr";
                }
            } else if (b == '\n') {
                // an LF consumed with its CR above never gets here
                if (bareLineEnding == null) {
                    bareLineEnding = "bare-lf";
                }
            } else if (b == 0) {
                nul = true;
            } else if (b < 0) {
                eightBit = true;
            }
            lineLength++;
        }
        if (inHeader && lineLength > MAX_HEADER_LINE_OCTETS) {
            longHeaderLine = true; // last line without CRLF, or a message that is all header
        }
        if (bareLineEnding != null) {
            return SmtpOutcome.bareLineEnding(COMPONENT, bareLineEnding);
        }
        if (nul) {
            return SmtpOutcome.nulByte(COMPONENT);
        }
        if (longHeaderLine) {
            return SmtpOutcome.headerLineTooLong(COMPONENT);
        }
        if (eightBit && !eightBitDeclared) {
            return SmtpOutcome.eightBitNotDeclared(COMPONENT);
        }
        return SmtpOutcome.accept(COMPONENT);
    }
}
