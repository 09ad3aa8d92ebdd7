package dev.mailroom.contract;

import java.util.List;

/**
 * Inbound authentication verdicts of one message, as the router found them. Agents that act on what mail says
 * should require {@code dmarc.result() == "pass"} (or at least an aligned pass) before they do.
 *
 * @param spf    SPF (RFC 7208) for the MAIL FROM domain (or HELO for the null sender)
 * @param dkim   one verdict per DKIM-Signature (RFC 6376, RFC 8463); empty when unsigned
 * @param dmarc  DMARC (RFC 7489) for the From domain
 * @param header the {@code Authentication-Results} field body (RFC 8601) the router computed
 */
public record Authentication(Spf spf, List<Dkim> dkim, Dmarc dmarc, String header) {

    public Authentication {
        dkim = dkim == null ? List.of() : List.copyOf(dkim);
    }

    /**
     * @param result {@code pass}, {@code fail}, {@code softfail}, {@code neutral}, {@code none}, {@code temperror},
     *               {@code permerror}
     * @param domain the domain checked
     * @param detail human text (mechanism matched, error), may be null
     */
    public record Spf(String result, String domain, String detail) {
    }

    /**
     * @param result    {@code pass}, {@code fail}, {@code neutral}, {@code temperror}, {@code permerror}, {@code policy}
     * @param domain    the signing domain {@code d=}
     * @param selector  {@code s=}
     * @param algorithm {@code a=}, e.g. {@code rsa-sha256}, {@code ed25519-sha256}
     * @param detail    human text, may be null
     */
    public record Dkim(String result, String domain, String selector, String algorithm, String detail) {
    }

    /**
     * @param result      {@code pass}, {@code fail}, {@code none}, {@code temperror}, {@code permerror}
     * @param domain      the RFC5322.From domain
     * @param policy      the published policy ({@code none}, {@code quarantine}, {@code reject}), null when none
     * @param spfAligned  an SPF pass aligned with the From domain
     * @param dkimAligned a DKIM pass aligned with the From domain
     */
    public record Dmarc(String result, String domain, String policy, boolean spfAligned, boolean dkimAligned) {
    }
}
