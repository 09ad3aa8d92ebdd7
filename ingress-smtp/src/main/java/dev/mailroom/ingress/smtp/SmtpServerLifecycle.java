package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.subethamail.smtp.internal.proxy.ProxyHandler;
import org.subethamail.smtp.server.SMTPServer;

import dev.mailroom.ingress.config.IngressConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.MailPublisher;
import dev.mailroom.platform.auth.ApiKeyVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the SubEthaSMTP listener with the application and stops it first on shutdown. Checks run in this order:
 * connection limits before the greeting ({@link ConnectionLimiter}), RCPT ({@link RecipientPolicy}), DATA
 * ({@link InboundTransaction}). STARTTLS is offered with the context from {@link StartTls}. When enabled, a second
 * listener serves message submission (port 587: {@link SubmissionAuth}, {@link SubmissionTransaction}) with the same
 * limits and TLS context.
 */
@ApplicationScoped
public class SmtpServerLifecycle {

    private final IngressConfig config;
    private final RecipientPolicy recipients;
    private final MailPublisher publisher;
    private final EventPublisher events;
    /** Headroom of SubEthaSMTP's own session cap above ours, see {@link ConnectionLimiter}. */
    private static final int CAP_MARGIN = 100;

    private final ApiKeyVerifier keys;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private TrustedProxies proxies;
    private volatile SMTPServer server;
    private volatile SMTPServer submissionServer;

    public SmtpServerLifecycle(IngressConfig config, RecipientPolicy recipients, MailPublisher publisher,
            EventPublisher events, ApiKeyVerifier keys, MeterRegistry registry, Tracer tracer) {
        this.keys = keys;
        this.tracer = tracer;
        this.registry = registry;
        this.config = config;
        this.recipients = recipients;
        this.publisher = publisher;
        this.events = events;
    }

    void start(@Observes StartupEvent event) throws IOException, GeneralSecurityException {
        IngressConfig.Smtp smtp = config.smtp();
        proxies = TrustedProxies.parse(smtp.proxyProtocol().trusted().orElse(List.of()));
        SSLContext tls = smtp.tls().enabled() ? StartTls.context(smtp.tls(), smtp.hostname()) : null;
        SmtpMetrics mxMetrics = new SmtpMetrics(registry, "mx");
        SMTPServer.Builder mx = listener(smtp.host(), smtp.port(), tls, mxMetrics).messageHandlerFactory(
                ctx -> new InboundTransaction(ctx, config, recipients, publisher, events, mxMetrics, tracer));
        server = mx.build();
        SmtpCommands.install(server, mxMetrics, smtp.maxCommandsBeforeMail()); // MAIL parameters to the handler; DATA/BDAT refusals reset the transaction
        server.start();
        Log.infof("smtp listening host=%s port=%d domains=%s starttls=%s proxy-protocol-from=%s", smtp.host(),
                server.getPortAllocated(), config.domains(), smtp.tls().enabled(),
                smtp.proxyProtocol().trusted().orElse(List.of()));
        IngressConfig.Submission submission = smtp.submission();
        if (submission.enabled()) {
            if (tls == null) {
                throw new IllegalStateException("mailroom.smtp.submission.enabled needs mailroom.smtp.tls.enabled: "
                        + "AUTH is only offered over TLS");
            }
            SmtpMetrics msaMetrics = new SmtpMetrics(registry, "submission");
            SMTPServer.Builder msa = listener(submission.host(), submission.port(), tls, msaMetrics)
                    .requireTLS(true) // hides AUTH in EHLO before STARTTLS; SmtpCommands answers first
                    .requireAuth(true)
                    .authenticationHandlerFactory(new SubmissionAuth(keys, msaMetrics))
                    .messageHandlerFactory(ctx -> new SubmissionTransaction(ctx, config, recipients, publisher,
                            events, msaMetrics, tracer));
            submissionServer = msa.build();
            SmtpCommands.installSubmission(submissionServer, msaMetrics); // first: inside the command budget
            SmtpCommands.install(submissionServer, msaMetrics, smtp.maxCommandsBeforeMail());
            submissionServer.start();
            Log.infof("smtp submission listening host=%s port=%d", submission.host(),
                    submissionServer.getPortAllocated());
        }
    }

    /** What both listeners share: limits, connection checks, STARTTLS (when {@code tls} is not null). */
    private SMTPServer.Builder listener(String host, int port, SSLContext tls, SmtpMetrics metrics)
            throws IOException {
        IngressConfig.Smtp smtp = config.smtp();
        SMTPServer.Builder builder = SMTPServer.port(port)
                .bindAddress(InetAddress.getByName(host))
                .hostName(smtp.hostname())
                .softwareName("Mailroom")
                .maxMessageSize(smtp.maxMessageSize())
                .maxRecipients(smtp.maxRecipients() + 1) // our RecipientPolicy answers first, with 452 4.5.3
                // ConnectionLimiter answers first (421 4.7.0); SubEthaSMTP's own cap (421 without enhanced code)
                // is only a backstop for a burst of refused connections not yet closed
                .maxConnections(smtp.maxConnections() + CAP_MARGIN)
                .sessionHandler(new ConnectionLimiter(smtp.maxConnections(), smtp.maxConnectionsPerIp(), metrics))
                .connectionTimeout((int) smtp.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // our Received: header is added after DataValidator has judged the client's bytes alone
                .insertReceivedHeaders(false)
                .proxyHandler(proxies.none() ? ProxyHandler.NOP : new ProxyProtocol(proxies, metrics))
                // every reply passes a ReplyFilter: enhanced status codes on SubEthaSMTP's own replies
                .serverSocketFactory(ReplySockets.serverSockets());
        if (tls != null) {
            builder.enableTLS().startTlsSocketFactory(ReplySockets.tls(StartTls.socketCreator(tls)));
        }
        return builder;
    }

    void stop(@Observes ShutdownEvent event) {
        if (submissionServer != null) {
            submissionServer.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** The submission listener's bound port; -1 when it is not enabled. */
    public int submissionPort() {
        return submissionServer == null ? -1 : submissionServer.getPortAllocated();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getPortAllocated();
    }

    public boolean running() {
        return server != null && server.isRunning();
    }
}
