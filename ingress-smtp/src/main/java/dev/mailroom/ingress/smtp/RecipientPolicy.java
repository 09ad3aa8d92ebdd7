package dev.mailroom.ingress.smtp;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.DomainTable;

/**
 * Decides RCPT TO. Checks run in this order, first refusal wins: address syntax, recipient count, accepted domain
 * (configured in {@code mailroom.domains}, or in the domain store through {@link DomainTable}; while that table is not
 * yet loaded, other domains are refused temporarily). Unknown local parts are the router's business for now (dead letter); refusing them at RCPT needs the agent
 * registry (issue 3).
 */
@ApplicationScoped
public class RecipientPolicy {

    private static final String COMPONENT = "rcpt-policy";

    private final IngressConfig config;
    private final DomainTable stored;

    public RecipientPolicy(IngressConfig config, DomainTable stored) {
        this.config = config;
        this.stored = stored;
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
        int at = recipient.lastIndexOf('@');
        String domain = recipient.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!config.accepts(domain) && !stored.accepts(domain)) {
            return stored.loaded() ? SmtpOutcome.relayDenied(COMPONENT)
                    : SmtpOutcome.storageUnavailable(COMPONENT, "domains-not-loaded");
        }
        return SmtpOutcome.accept(COMPONENT);
    }

    /**
     * RCPT on the submission listener, where an authenticated client may relay to any domain: address syntax and
     * recipient count only.
     */
    public SmtpOutcome decideSubmitted(String recipient, int alreadyAccepted) {
        int at = recipient.lastIndexOf('@');
        if (at <= 0 || at == recipient.length() - 1 || recipient.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return SmtpOutcome.badRecipientSyntax(COMPONENT);
        }
        if (alreadyAccepted >= config.smtp().maxRecipients()) {
            return SmtpOutcome.tooManyRecipients(COMPONENT);
        }
        return SmtpOutcome.accept(COMPONENT);
    }
}
