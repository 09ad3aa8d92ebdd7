package dev.mailroom.router.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.DsnReport;
import dev.mailroom.contract.Envelope;
import dev.mailroom.mail.dsn.DsnParser;

/**
 * Says whether a raw message is a delivery status notification (RFC 3464) and, if so, what it reports: the
 * {@link DsnReport} the router publishes on {@code mailroom.inbound.dsn}, besides routing the message as usual (a
 * DSN to an agent address still reaches the agent, marked automatic; ADR 0026).
 * <p>
 * Per message, not per recipient, so it is not a {@link RoutingRule}: the rules decide where each recipient goes;
 * this decides whether the message as a whole also becomes a report. Most mail stops at a cheap pre-check (a
 * top-level {@code multipart/report; report-type=delivery-status}, or the null envelope sender); only those are
 * parsed ({@link DsnParser}: bounded, never throws). CPU work: the caller runs it on a worker thread. Pure and
 * thread-safe.
 */
@ApplicationScoped
public class DsnClassifier {

    /** The report {@code raw} is, or empty when it is not a usable DSN. */
    public Optional<DsnReport> classify(Envelope envelope, byte[] raw) {
        if (raw == null || !(envelope.mailFrom().isEmpty() || DsnParser.looksLikeDsn(raw))) {
            return Optional.empty();
        }
        return DsnParser.parse(raw).map(dsn -> dsn.report(envelope.inboundId(), envelope.receivedAt(),
                envelope.mailFrom(), envelope.rcptTo()));
    }
}
