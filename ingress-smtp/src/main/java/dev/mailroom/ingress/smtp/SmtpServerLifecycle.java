package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.subethamail.smtp.server.SMTPServer;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.EventPublisher;
import dev.mailroom.ingress.messaging.InboundPublisher;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the SubEthaSMTP listener with the application and stops it first on shutdown. Checks run in this order:
 * connection limits before the greeting ({@link ConnectionLimiter}), RCPT ({@link RecipientPolicy}), DATA
 * ({@link InboundTransaction}). STARTTLS is offered with the context from {@link StartTls}.
 */
@ApplicationScoped
public class SmtpServerLifecycle {

    private final IngressConfig config;
    private final RecipientPolicy recipients;
    private final InboundPublisher publisher;
    private final EventPublisher events;
    /** Headroom of SubEthaSMTP's own session cap above ours, see {@link ConnectionLimiter}. */
    private static final int CAP_MARGIN = 100;

    private volatile SMTPServer server;

    public SmtpServerLifecycle(IngressConfig config, RecipientPolicy recipients, InboundPublisher publisher,
            EventPublisher events) {
        this.config = config;
        this.recipients = recipients;
        this.publisher = publisher;
        this.events = events;
    }

    void start(@Observes StartupEvent event) throws IOException, GeneralSecurityException {
        IngressConfig.Smtp smtp = config.smtp();
        SMTPServer.Builder builder = SMTPServer.port(smtp.port())
                .bindAddress(InetAddress.getByName(smtp.host()))
                .hostName(smtp.hostname())
                .softwareName("Mailroom")
                .maxMessageSize(smtp.maxMessageSize())
                .maxRecipients(smtp.maxRecipients() + 1) // our RecipientPolicy answers first, with 452 4.5.3
                // ConnectionLimiter answers first (421 4.7.0); SubEthaSMTP's own cap (421 without enhanced code)
                // is only a backstop for a burst of refused connections not yet closed
                .maxConnections(smtp.maxConnections() + CAP_MARGIN)
                .sessionHandler(new ConnectionLimiter(smtp.maxConnections(), smtp.maxConnectionsPerIp()))
                .connectionTimeout((int) smtp.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // our Received: header is added after DataValidator has judged the client's bytes alone
                .insertReceivedHeaders(false)
                .messageHandlerFactory(ctx -> new InboundTransaction(ctx, config, recipients, publisher, events));
        if (smtp.tls().enabled()) {
            SSLContext tls = StartTls.context(smtp.tls(), smtp.hostname());
            builder.enableTLS().startTlsSocketFactory(StartTls.socketCreator(tls));
        }
        server = builder.build();
        SmtpCommands.install(server); // MAIL parameters to the handler; DATA/BDAT refusals reset the transaction
        server.start();
        Log.infof("smtp listening host=%s port=%d domains=%s starttls=%s", smtp.host(), server.getPortAllocated(),
                config.domains(), smtp.tls().enabled());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getPortAllocated();
    }

    public boolean running() {
        return server != null && server.isRunning();
    }
}
