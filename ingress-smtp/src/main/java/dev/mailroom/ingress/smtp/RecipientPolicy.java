package dev.mailroom.ingress.smtp;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.mail.address.AddrSpec;
import dev.mailroom.mail.address.AddressSyntax;
import dev.mailroom.mail.address.SubAddress;
import dev.mailroom.platform.table.AgentTable;
import dev.mailroom.platform.table.DomainTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Decides RCPT TO. Checks run in this order, first refusal wins: address syntax, recipient count, accepted domain
 * (configured in {@code mailroom.domains}, or in the domain store through {@link DomainTable}; while that table is not
 * yet loaded, other domains are refused temporarily), known local part: an address name of the agent registry
 * ({@link AgentTable}, {@code +tag} removed, case ignored; {@code postmaster} always accepted; every local part with
 * {@code mailroom.smtp.recipients.catch-all}). While the agent registry is not loaded, or empty (agent-host has not
 * published it yet), local parts are refused temporarily ({@code 451 4.3.0}) rather than for good.
 */
@ApplicationScoped
public class RecipientPolicy {

    static final int START_WAIT_SECONDS = 5;
    private static final String COMPONENT = "rcpt-policy";
    /** RFC 5321 section 4.5.1: every domain that accepts mail accepts it for postmaster. */
    private static final String POSTMASTER = "postmaster";

    private final IngressConfig config;
    private final DomainTable domains;
    private final AgentTable agents;

    public RecipientPolicy(IngressConfig config, DomainTable domains, AgentTable agents) {
        this.config = config;
        this.domains = domains;
        this.agents = agents;
    }

    /** Before the listener starts (priority below the default): gives both tables a few seconds to load. */
    void awaitTables(@Observes @Priority(2000) StartupEvent event) throws InterruptedException {
        if (!domains.table().awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("domain table not loaded within %d s (Kafka unreachable?): RCPT for domains outside"
                    + " mailroom.domains is refused temporarily (451) until it is", START_WAIT_SECONDS);
        }
        if (!config.smtp().recipients().catchAll()
                && !agents.table().awaitLoaded(Duration.ofSeconds(START_WAIT_SECONDS))) {
            Log.warnf("agent registry not loaded within %d s (Kafka unreachable?): RCPT is refused temporarily (451)"
                    + " until it is", START_WAIT_SECONDS);
        }
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
        if (!config.accepts(domain) && !domains.accepts(domain)) {
            return domains.loaded() ? SmtpOutcome.relayDenied(COMPONENT)
                    : SmtpOutcome.storageUnavailable(COMPONENT, "domains-not-loaded");
        }
        String mailbox = SubAddress.mailboxName(address.localPart(), "+");
        if (config.smtp().recipients().catchAll() || mailbox.equals(POSTMASTER)) {
            return SmtpOutcome.accept(COMPONENT);
        }
        if (agents.classOf(mailbox).isPresent()) {
            return SmtpOutcome.accept(COMPONENT);
        }
        return agents.loaded() && !agents.empty() ? SmtpOutcome.unknownLocalPart(COMPONENT)
                : SmtpOutcome.storageUnavailable(COMPONENT, "agents-not-loaded");
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
