package dev.mailroom.ingress.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.MDC;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

import dev.mailroom.contract.Envelope;
import dev.mailroom.contract.Ids;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.InboundPublisher;
import io.quarkus.logging.Log;

/**
 * One SMTP mail transaction (MAIL, RCPT..., DATA). SubEthaSMTP runs each session on its own thread, so this class
 * may block: DATA waits here, on the session thread and never on an event loop, for Kafka's acknowledgement.
 */
final class InboundTransaction implements MessageHandler {

    private final MessageContext context;
    private final IngressConfig config;
    private final RecipientPolicy recipients;
    private final InboundPublisher publisher;
    private final EventPublisher events;
    private final List<String> accepted = new ArrayList<>();
    private String mailFrom = "";
    private boolean eightBitDeclared;
    private boolean dataEnded;

    InboundTransaction(MessageContext context, IngressConfig config, RecipientPolicy recipients,
            InboundPublisher publisher, EventPublisher events) {
        this.context = context;
        this.config = config;
        this.recipients = recipients;
        this.publisher = publisher;
        this.events = events;
    }

    @Override
    public void from(String from) {
        this.mailFrom = from == null ? "" : from;
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        SmtpOutcome outcome = recipients.decide(recipient, accepted.size());
        if (!outcome.accepted()) {
            Log.infof("rcpt refused rcpt=%s code=%d reason=%s client=%s", recipient, outcome.code(),
                    outcome.reason(), clientIp());
            throw outcome.toRejectException();
        }
        accepted.add(recipient);
    }

    /** Called by {@link SmtpCommands} right after MAIL: whether BODY=8BITMIME or SMTPUTF8 was declared. */
    void eightBitDeclared(boolean declared) {
        this.eightBitDeclared = declared;
    }

    /** True once DATA/BDAT content reached this handler, accepted or not (see {@link SmtpCommands}). */
    boolean dataEnded() {
        return dataEnded;
    }

    /**
     * Reads the whole message (SubEthaSMTP ends DATA only on CRLF.CRLF, so smuggled terminators arrive here as
     * content), checks it with {@link DataValidator}, prepends our {@code Received:} header and publishes it. Every
     * refusal is thrown only after the stream was drained, so no byte of the message is ever read as a command.
     */
    @Override
    public String data(InputStream data) throws RejectException, IOException {
        dataEnded = true;
        String id = Ids.newId();
        MDC.put("inboundId", id);
        try {
            byte[] content = readBounded(data, config.smtp().maxMessageSize());
            SmtpOutcome verdict = content == null ? SmtpOutcome.messageTooLarge("ingress-smtp")
                    : DataValidator.check(content, eightBitDeclared);
            if (!verdict.accepted()) {
                Log.infof("data refused inboundId=%s session=%s code=%d reason=%s decidedBy=%s client=%s", id,
                        sessionId(), verdict.code(), verdict.reason(), verdict.decidedBy(), clientIp());
                throw rejected(id, verdict);
            }
            Instant receivedAt = Instant.now();
            String helo = context.getHelo().orElse("");
            boolean tls = encrypted();
            byte[] raw = ReceivedHeader.prepend(content, helo, clientIp(), config.smtp().hostname(), id, accepted,
                    tls, receivedAt);
            Envelope envelope = new Envelope(id, mailFrom, accepted, clientIp(), helo, tls, receivedAt);
            try {
                publisher.publish(envelope, raw).await().atMost(config.smtp().kafkaAckTimeout());
            } catch (RuntimeException e) {
                SmtpOutcome outcome = SmtpOutcome.storageUnavailable("kafka", "kafka-not-acknowledged");
                Log.warnf("data not acknowledged by kafka inboundId=%s session=%s error=%s", id, sessionId(),
                        e.toString());
                throw rejected(id, outcome);
            }
            Log.infof("accepted inboundId=%s session=%s rcpts=%d bytes=%d tls=%s", id, sessionId(),
                    accepted.size(), raw.length, tls);
            events.publish("inbound.received", id, Map.of("rcpts", Integer.toString(accepted.size()), "bytes",
                    Integer.toString(raw.length), "clientIp", clientIp(), "tls", Boolean.toString(tls)));
            return "2.0.0 Ok: queued as " + id;
        } finally {
            MDC.remove("inboundId");
        }
    }

    /** Queues the {@code inbound.rejected} event (fire and forget) and returns the reply to throw. */
    private RejectException rejected(String id, SmtpOutcome outcome) {
        events.publish("inbound.rejected", id, Map.of("reason", outcome.reason(), "code",
                Integer.toString(outcome.code()), "enhancedCode", outcome.enhancedCode(), "decidedBy",
                outcome.decidedBy(), "clientIp", clientIp()));
        return outcome.toRejectException();
    }

    /**
     * Whether this session runs over TLS (STARTTLS completed). SubEthaSMTP's {@code getTlsPeerCertificates()} is
     * set only for client certificates, so the session's socket is asked instead.
     */
    private boolean encrypted() {
        return context instanceof Session session && StartTls.encrypted(session.getSocket());
    }

    private String sessionId() {
        try {
            return context.getSessionId();
        } catch (UnsupportedOperationException e) {
            return "-";
        }
    }

    @Override
    public void done() {
        // nothing held between transactions
    }

    private String clientIp() {
        SocketAddress remote = context.getRemoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    /** Reads the whole stream; returns null (having drained it) when it exceeds {@code max} bytes. */
    static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total <= max) {
                out.write(buffer, 0, n);
            }
        }
        return total > max ? null : out.toByteArray();
    }
}
