package dev.mailroom.mail.dsn;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.contract.DsnReport;

/**
 * One delivery status notification (RFC 3464), reduced to what matching it to a send and recording its outcome
 * needs. The router publishes it as a {@link DsnReport} ({@link #report}); egress-sender reads it back
 * ({@link #of(DsnReport)}).
 *
 * @param reportingMta       the {@code Reporting-MTA} host, type ({@code dns;}) stripped; {@code null} when absent
 * @param originalEnvelopeId the {@code Original-Envelope-Id} per-message field (the {@code ENVID} given at
 *                           {@code MAIL FROM}; egress sends its send id), as written in the report; {@code null}
 *                           when absent
 * @param originalMessageId  the {@code Message-ID} of the returned message ({@code text/rfc822-headers} or
 *                           {@code message/rfc822} part) without angle brackets; {@code null} when absent
 * @param recipients         the per-recipient blocks, in report order; never empty
 */
public record Dsn(String reportingMta, String originalEnvelopeId, String originalMessageId,
        List<Recipient> recipients) {

    private static final Pattern ENHANCED = Pattern.compile("[ -]([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9.])");

    public Dsn {
        recipients = List.copyOf(recipients);
    }

    /**
     * This DSN as the record the router publishes on {@code mailroom.inbound.dsn}.
     *
     * @param inboundId  the inbound id of the raw message the DSN came in
     * @param receivedAt when ingress-smtp accepted it
     * @param mailFrom   its envelope sender ({@code ""} for the null sender)
     * @param rcptTo     its envelope recipients
     */
    public DsnReport report(String inboundId, Instant receivedAt, String mailFrom, List<String> rcptTo) {
        return new DsnReport(DsnReport.VERSION, inboundId, receivedAt, mailFrom, rcptTo, reportingMta,
                originalEnvelopeId, originalMessageId, recipients.stream()
                        .map(r -> new DsnReport.Recipient(r.finalRecipient(), r.originalRecipient(), r.action(),
                                r.status(), r.diagnosticCode(), r.remoteMta()))
                        .toList());
    }

    /** The DSN a {@link DsnReport} carries (the inverse of {@link #report}). */
    public static Dsn of(DsnReport report) {
        return new Dsn(report.reportingMta(), report.originalEnvelopeId(), report.originalMessageId(),
                report.recipients().stream()
                        .map(r -> new Recipient(r.finalRecipient(), r.originalRecipient(), r.action(), r.status(),
                                r.diagnosticCode(), r.remoteMta()))
                        .toList());
    }

    /**
     * One per-recipient block.
     *
     * @param finalRecipient    the {@code Final-Recipient} address, address type ({@code rfc822;}) stripped; may
     *                          be {@code null} when only {@code Original-Recipient} is given
     * @param originalRecipient the {@code Original-Recipient} address (the {@code ORCPT}), type stripped, or
     *                          {@code null}
     * @param action            lower case: {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or
     *                          {@code expanded} (anything else as written); {@code null} when absent
     * @param status            the RFC 3463 status code, for example {@code 5.1.1}; {@code null} when absent
     * @param diagnosticCode    the {@code Diagnostic-Code} as written, type included, for example
     *                          {@code smtp; 550 5.1.1 user unknown}; {@code null} when absent
     * @param remoteMta         the {@code Remote-MTA} host, type ({@code dns;}) stripped; {@code null} when absent
     */
    public record Recipient(String finalRecipient, String originalRecipient, String action, String status,
            String diagnosticCode, String remoteMta) {

        public static final String FAILED = "failed";
        public static final String DELAYED = "delayed";

        /** The remote gave up on this recipient: the message bounced. */
        public boolean failed() {
            return FAILED.equals(action);
        }

        /** Delivery to this recipient is still being tried by the remote. */
        public boolean delayed() {
            return DELAYED.equals(action);
        }

        /** {@link #finalRecipient}, else {@link #originalRecipient}; lower case; {@code null} when neither. */
        public String address() {
            String a = finalRecipient != null ? finalRecipient : originalRecipient;
            return a == null ? null : a.toLowerCase(Locale.ROOT);
        }

        /**
         * The basic SMTP reply code at the start of an {@code smtp} diagnostic code ({@code smtp; 550 ...} gives
         * 550), else 0.
         */
        public int smtpCode() {
            String reply = smtpReply();
            if (reply == null || reply.length() < 3 || !digit(reply.charAt(0)) || !digit(reply.charAt(1))
                    || !digit(reply.charAt(2)) || reply.length() > 3 && digit(reply.charAt(3))) {
                return 0;
            }
            int code = Integer.parseInt(reply.substring(0, 3));
            return code >= 200 && code <= 599 ? code : 0;
        }

        /**
         * The enhanced status code right after the basic code of an {@code smtp} diagnostic code, when of the same
         * class ({@code smtp; 550 5.1.1 ...} or {@code smtp; 550-5.1.1 ...} give {@code 5.1.1}), else {@code null}.
         */
        public String smtpEnhancedCode() {
            int code = smtpCode();
            if (code == 0) {
                return null;
            }
            Matcher m = ENHANCED.matcher(smtpReply().substring(3));
            return m.lookingAt() && m.group(1).charAt(0) - '0' == code / 100
                    ? m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)) : null;
        }

        /** The diagnostic code's text after {@code smtp;}, or {@code null} for another type. */
        private String smtpReply() {
            if (diagnosticCode == null) {
                return null;
            }
            int semicolon = diagnosticCode.indexOf(';');
            if (semicolon < 0 || !diagnosticCode.substring(0, semicolon).trim().equalsIgnoreCase("smtp")) {
                return null;
            }
            return diagnosticCode.substring(semicolon + 1).trim();
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
