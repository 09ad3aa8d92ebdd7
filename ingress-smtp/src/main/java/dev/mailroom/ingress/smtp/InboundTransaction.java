package dev.mailroom.ingress.smtp;

import java.time.Instant;
import java.util.Map;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;

import dev.mailroom.contract.Envelope;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.MailPublisher;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;

/**
 * One inbound mail transaction on the MX listener: RCPT via {@link RecipientPolicy}; an accepted message gets our
 * {@code Received:} header and goes to {@code mailroom.inbound.received} with its envelope.
 */
final class InboundTransaction extends SmtpTransaction {

    InboundTransaction(MessageContext context, IngressConfig config, RecipientPolicy recipients,
            MailPublisher publisher, EventPublisher events, SmtpMetrics metrics, Tracer tracer) {
        super(context, config, recipients, publisher, events, metrics, tracer, "inbound");
    }

    @Override
    SmtpOutcome decideRecipient(String recipient, int alreadyAccepted) {
        return recipients.decide(recipient, alreadyAccepted);
    }

    @Override
    String deliver(String id, byte[] content) throws RejectException {
        Instant receivedAt = Instant.now();
        String helo = context.getHelo().orElse("");
        boolean tls = encrypted();
        byte[] raw = ReceivedHeader.prepend(content, helo, clientIp(), config.smtp().hostname(), id, accepted, tls,
                receivedAt);
        Envelope envelope = new Envelope(id, mailFrom, accepted, clientIp(), helo, tls, receivedAt);
        awaitAcknowledgement(id, publisher.publish(envelope, raw));
        metrics.accepted(raw.length);
        Log.infof("accepted inboundId=%s session=%s rcpts=%d bytes=%d tls=%s", id, sessionId(), accepted.size(),
                raw.length, tls);
        events.publish("inbound.received", id, Map.of("rcpts", Integer.toString(accepted.size()), "bytes",
                Integer.toString(raw.length), "clientIp", clientIp(), "tls", Boolean.toString(tls)));
        return "2.0.0 Ok: queued as " + id;
    }
}
