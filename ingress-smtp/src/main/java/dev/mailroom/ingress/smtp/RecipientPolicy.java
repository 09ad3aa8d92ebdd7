package dev.mailroom.ingress.smtp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.DomainTable;
import dev.mailroom.mail.address.AddrSpec;
import dev.mailroom.mail.address.AddressSyntax;
import dev.mailroom.mail.address.SubAddress;

/**
 * Decides RCPT TO. Checks run in this order, first refusal wins: address syntax, recipient count, accepted domain
 * (configured in {@code mailroom.domains}, or in the domain store through {@link DomainTable}; while that table is not
 * yet loaded, other domains are refused temporarily), known local part ({@code mailroom.smtp.recipients.local-parts},
 * unless empty or {@code catch-all}; {@code +tag} removed, case ignored; {@code postmaster} always accepted).
 */
@ApplicationScoped
public class RecipientPolicy {

    private static final String COMPONENT = "rcpt-policy";
    /** RFC 5321 section 4.5.1: every domain that accepts mail accepts it for postmaster. */
    private static final String POSTMASTER = "postmaster";

    private final IngressConfig config;
    private final DomainTable stored;
    /** Accepted local parts, lower case; empty = any. */
    private final Set<String> localParts;

    public RecipientPolicy(IngressConfig config, DomainTable stored) {
        this.config = config;
        this.stored = stored;
        IngressConfig.Recipients rcpt = config.smtp().recipients();
        Set<String> known = new HashSet<>();
        if (!rcpt.catchAll()) {
            rcpt.localParts().orElse(List.of()).stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
                    .filter(p -> !p.isEmpty()).forEach(known::add);
        }
        if (!known.isEmpty()) {
            known.add(POSTMASTER);
        }
        this.localParts = Set.copyOf(known);
    }

    /**
     * @param recipient         the forward path without angle brackets
     * @param alreadyAccepted   recipients accepted so far in this transaction
     */
    public SmtpOutcome decide(String recipient, int alreadyAccepted) {
        SmtpOutcome shape = decideSubmitted(recipient, alreadyAccepted);
        if (!shape.accepted()) {
            return shape;
        }
        AddrSpec address = AddrSpec.split(recipient).orElseThrow(); // decideSubmitted checked the syntax
        String domain = address.lowerDomain();
        if (!config.accepts(domain) && !stored.accepts(domain)) {
            return stored.loaded() ? SmtpOutcome.relayDenied(COMPONENT)
                    : SmtpOutcome.storageUnavailable(COMPONENT, "domains-not-loaded");
        }
        if (!localParts.isEmpty() && !localParts.contains(SubAddress.mailboxName(address.localPart(), "+"))) {
            return SmtpOutcome.unknownLocalPart(COMPONENT);
        }
        return SmtpOutcome.accept(COMPONENT);
    }

    /**
     * RCPT on the submission listener, where an authenticated client may relay to any domain: address syntax and
     * recipient count only.
     */
    public SmtpOutcome decideSubmitted(String recipient, int alreadyAccepted) {
        if (!AddressSyntax.isForwardPath(recipient)) {
            return SmtpOutcome.badRecipientSyntax(COMPONENT);
        }
        if (alreadyAccepted >= config.smtp().maxRecipients()) {
            return SmtpOutcome.tooManyRecipients(COMPONENT);
        }
        return SmtpOutcome.accept(COMPONENT);
    }
}
