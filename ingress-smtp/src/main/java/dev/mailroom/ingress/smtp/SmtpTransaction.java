package dev.mailroom.ingress.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.MDC;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

import dev.mailroom.contract.Ids;
import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.MailPublisher;
import dev.mailroom.platform.observability.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * What every mail transaction (MAIL, RCPT..., DATA) of both listeners shares: recipients checked one by one, DATA
 * read whole (bounded) and judged by {@link DataValidator}, an id per message (in the MDC for every log line), the
 * wait for Kafka's acknowledgement before {@code 250}, and the {@code <prefix>.rejected} event for every refusal at
 * the end of DATA. Subclasses decide recipients and what an accepted message becomes ({@link #deliver}).
 *
 * <p>Each message gets a root span {@code smtp.transaction}, current while it is published (so its trace context
 * goes to Kafka with the record) and while its lines are logged (trace id in the MDC): ADR 0027.
 *
 * <p>SubEthaSMTP runs each session on its own thread, so this class may block: DATA waits here, on the session
 * thread and never on an event loop, for Kafka's acknowledgement.
 */
abstract class SmtpTransaction implements MessageHandler {

    final MessageContext context;
    final IngressConfig config;
    final RecipientPolicy recipients;
    final MailPublisher publisher;
    final EventPublisher events;
    final SmtpMetrics metrics;
    private final Tracer tracer;
    final List<String> accepted = new ArrayList<>();
    String mailFrom = "";
    private final String eventPrefix;
    private boolean eightBitDeclared;
    private boolean dataEnded;

    /** @param eventPrefix first part of the event types, e.g. {@code inbound} for {@code inbound.rejected} */
    SmtpTransaction(MessageContext context, IngressConfig config, RecipientPolicy recipients, MailPublisher publisher,
            EventPublisher events, SmtpMetrics metrics, Tracer tracer, String eventPrefix) {
        this.tracer = tracer;
        this.recipients = recipients;
        this.publisher = publisher;
        this.metrics = metrics;
        this.context = context;
        this.config = config;
        this.events = events;
        this.eventPrefix = eventPrefix;
    }

    @Override
    public void from(String from) throws RejectException {
        this.mailFrom = from == null ? "" : from;
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        SmtpOutcome outcome = decideRecipient(recipient, accepted.size());
        if (!outcome.accepted()) {
            Log.infof("rcpt refused rcpt=%s code=%d reason=%s client=%s", recipient, outcome.code(),
                    outcome.reason(), clientIp());
            metrics.rejected(outcome);
            throw outcome.toRejectException();
        }
        accepted.add(recipient);
    }

    /** The RCPT decision, given the recipients accepted so far. */
    abstract SmtpOutcome decideRecipient(String recipient, int alreadyAccepted);

    /**
     * Publishes an accepted message and returns the {@code 250} text once Kafka acknowledged it (see
     * {@link #awaitAcknowledgement}).
     *
     * @param id      the message's id, already in the MDC
     * @param content the client's bytes, dot-unstuffed, passed by {@link DataValidator}
     */
    abstract String deliver(String id, byte[] content) throws RejectException;

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
     * content), checks it with {@link DataValidator} and hands it to {@link #deliver}. Every refusal is thrown only
     * after the stream was drained, so no byte of the message is ever read as a command.
     */
    @Override
    public String data(InputStream data) throws RejectException, IOException {
        dataEnded = true;
        String id = Ids.newId();
        MDC.put("inboundId", id);
        // a new trace per message: SMTP accept -> router -> agent -> egress -> remote 250 (ADR 0027)
        Span span = Spans.start(tracer, "smtp.transaction", SpanKind.SERVER, Context.root());
        span.setAttribute(Spans.MESSAGE_ID, id);
        try (Scope scope = span.makeCurrent()) {
            byte[] content = readBounded(data, config.smtp().maxMessageSize());
            SmtpOutcome verdict = content == null ? SmtpOutcome.messageTooLarge("ingress-smtp")
                    : DataValidator.check(content, eightBitDeclared);
            if (!verdict.accepted()) {
                Log.infof("data refused id=%s session=%s code=%d reason=%s decidedBy=%s client=%s", id,
                        sessionId(), verdict.code(), verdict.reason(), verdict.decidedBy(), clientIp());
                throw rejected(id, verdict);
            }
            String reply = deliver(id, content);
            span.setAttribute("smtp.reply.code", 250L);
            return reply;
        } catch (RejectException e) {
            span.setAttribute("smtp.reply.code", (long) e.getCode());
            throw e;
        } finally {
            span.end();
            MDC.remove("inboundId");
        }
    }

    /** Waits for Kafka's acknowledgement of {@code publication}; {@code 451 4.3.0} when it does not come in time. */
    void awaitAcknowledgement(String id, Uni<Void> publication) throws RejectException {
        try {
            publication.await().atMost(config.smtp().kafkaAckTimeout());
        } catch (RuntimeException e) {
            SmtpOutcome outcome = SmtpOutcome.storageUnavailable("kafka", "kafka-not-acknowledged");
            Log.warnf("data not acknowledged by kafka id=%s session=%s error=%s", id, sessionId(), e.toString());
            throw rejected(id, outcome);
        }
    }

    /** Queues the {@code <prefix>.rejected} event (fire and forget) and returns the reply to throw. */
    RejectException rejected(String id, SmtpOutcome outcome) {
        metrics.rejected(outcome);
        events.publish(eventPrefix + ".rejected", id, Map.of("reason", outcome.reason(), "code",
                Integer.toString(outcome.code()), "enhancedCode", outcome.enhancedCode(), "decidedBy",
                outcome.decidedBy(), "clientIp", clientIp()));
        return outcome.toRejectException();
    }

    /**
     * Whether this session runs over TLS (STARTTLS completed). SubEthaSMTP's {@code getTlsPeerCertificates()} is
     * set only for client certificates, so the session's socket is asked instead.
     */
    boolean encrypted() {
        return context instanceof Session session && StartTls.encrypted(session.getSocket());
    }

    String sessionId() {
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

    /** The client's address: the socket's peer, or the one a trusted proxy reported. */
    String clientIp() {
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
