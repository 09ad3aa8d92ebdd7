package dev.mailroom.ingress.smtp;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;

import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.MailPublisher;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;

/**
 * One transaction on the submission listener, after AUTH ({@link SubmissionAuth}; {@link SmtpCommands} refuses MAIL
 * before it): MAIL FROM must be in the key's domains ({@code 553 5.7.1}); RCPT may be any domain; the message, as
 * the client sent it (dot-unstuffed, checked by {@link DataValidator}, no header added), becomes an
 * {@link OutboundRequest} with {@code raw} on {@code mailroom.outbound.requested}, which egress-sender sends as it
 * is. {@code 250} carries the send id, only after Kafka acknowledged the request.
 */
final class SubmissionTransaction extends SmtpTransaction {

    private static final String COMPONENT = "submission";

    SubmissionTransaction(MessageContext context, IngressConfig config, RecipientPolicy recipients,
            MailPublisher publisher, EventPublisher events, SmtpMetrics metrics, Tracer tracer) {
        super(context, config, recipients, publisher, events, metrics, tracer, "submission");
    }

    @Override
    public void from(String from) throws RejectException {
        String sender = from == null ? "" : from;
        Caller key = key();
        // a key needs the send permission (ADR 0031) and the sender's domain
        if (!key.may(Permission.SEND) || !key.maySendAs(sender)) {
            SmtpOutcome outcome = SmtpOutcome.senderNotAllowed(COMPONENT);
            Log.infof("mail refused from=%s key=%s code=%d reason=%s client=%s", sender, key.keyId(), outcome.code(),
                    outcome.reason(), clientIp());
            metrics.rejected(outcome);
            throw outcome.toRejectException();
        }
        super.from(sender);
    }

    @Override
    SmtpOutcome decideRecipient(String recipient, int alreadyAccepted) {
        return recipients.decideSubmitted(recipient, alreadyAccepted);
    }

    @Override
    String deliver(String id, byte[] content) throws RejectException {
        Caller key = key();
        List<EmailAddress> to = accepted.stream().map(EmailAddress::of).toList();
        OutboundRequest request = new OutboundRequest(OutboundRequest.VERSION, id, EmailAddress.of(mailFrom), to,
                null, null, null, null, null, null, null, null, null, null, null, Instant.now(), null, null,
                Base64.getEncoder().encodeToString(content));
        awaitAcknowledgement(id, publisher.publish(request));
        metrics.accepted(content.length);
        Log.infof("submitted id=%s session=%s key=%s rcpts=%d bytes=%d", id, sessionId(), key.keyId(), to.size(),
                content.length);
        events.publish("submission.accepted", id, Map.of("rcpts", Integer.toString(to.size()), "bytes",
                Integer.toString(content.length), "clientIp", clientIp(), "keyId", key.keyId()));
        return "2.0.0 Ok: queued as " + id;
    }

    /** The session's key; MAIL is refused before AUTH, so it is always there once a transaction exists. */
    private Caller key() {
        return SubmissionAuth.key(context).orElseThrow(() -> new IllegalStateException("no authenticated key"));
    }
}
