package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One inbound delivery status notification (RFC 3464), as the router read it: the value of
 * {@link Topics#INBOUND_DSN}, keyed by {@link #key()}. The router publishes one per raw message that is a DSN
 * ({@code multipart/report; report-type=delivery-status}), whatever its recipients; egress-sender matches it to its
 * sends. Field values are as the reporting MTA wrote them (address and host types such as {@code rfc822;} and
 * {@code dns;} stripped): untrusted data.
 *
 * @param v                  schema version, {@link #VERSION}
 * @param inboundId          id of the raw message the DSN came in (one report per raw message: consumers deduplicate
 *                           by it)
 * @param receivedAt         when ingress-smtp accepted the DSN
 * @param mailFrom           the DSN's envelope sender ({@code ""} for the null sender, as DSNs should have)
 * @param rcptTo             the DSN's envelope recipients (our sender addresses), in order
 * @param reportingMta       {@code Reporting-MTA}, or null
 * @param originalEnvelopeId {@code Original-Envelope-Id}, the {@code ENVID} given at {@code MAIL FROM} (egress gives
 *                           its send id), as written (xtext not decoded); null when absent
 * @param originalMessageId  {@code Message-ID} of the returned message or header, without angle brackets; null when
 *                           absent
 * @param recipients         the per-recipient blocks, in report order; never empty
 */
public record DsnReport(int v, String inboundId, Instant receivedAt, String mailFrom, List<String> rcptTo,
        String reportingMta, String originalEnvelopeId, String originalMessageId, List<Recipient> recipients) {

    public static final int VERSION = 1;

    public DsnReport {
        Objects.requireNonNull(inboundId, "inboundId");
        mailFrom = mailFrom == null ? "" : mailFrom;
        rcptTo = rcptTo == null ? List.of() : List.copyOf(rcptTo);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * One per-recipient block.
     *
     * @param finalRecipient    {@code Final-Recipient} address, or null
     * @param originalRecipient {@code Original-Recipient} address (the {@code ORCPT}), or null
     * @param action            lower case: {@code failed}, {@code delayed}, {@code delivered}, {@code relayed},
     *                          {@code expanded} (anything else as written); null when absent
     * @param status            the RFC 3463 status code ({@code 5.1.1}), or null
     * @param diagnosticCode    {@code Diagnostic-Code} as written, type included ({@code smtp; 550 5.1.1 ...}), or null
     * @param remoteMta         {@code Remote-MTA} host, or null
     */
    public record Recipient(String finalRecipient, String originalRecipient, String action, String status,
            String diagnosticCode, String remoteMta) {
    }

    /**
     * The record key: the original envelope id (for our sends, the send id), else the original Message-ID, else the
     * inbound id. Reports about one send share a partition, so a consumer sees them in the order they came in.
     */
    @JsonIgnore
    public String key() {
        if (originalEnvelopeId != null && !originalEnvelopeId.isBlank()) {
            return originalEnvelopeId;
        }
        if (originalMessageId != null && !originalMessageId.isBlank()) {
            return originalMessageId;
        }
        return inboundId;
    }
}
