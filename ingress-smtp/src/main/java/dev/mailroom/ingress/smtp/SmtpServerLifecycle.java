package dev.mailroom.ingress.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.subethamail.smtp.server.SMTPServer;

import dev.mailroom.ingress.config.IngressConfig;
import dev.mailroom.ingress.messaging.InboundPublisher;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts the SubEthaSMTP listener with the application and stops it first on shutdown. */
@ApplicationScoped
public class SmtpServerLifecycle {

    private final IngressConfig config;
    private final RecipientPolicy recipients;
    private final InboundPublisher publisher;
    private volatile SMTPServer server;

    public SmtpServerLifecycle(IngressConfig config, RecipientPolicy recipients, InboundPublisher publisher) {
        this.config = config;
        this.recipients = recipients;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) throws UnknownHostException {
        IngressConfig.Smtp smtp = config.smtp();
        server = SMTPServer.port(smtp.port())
                .bindAddress(InetAddress.getByName(smtp.host()))
                .hostName(smtp.hostname())
                .softwareName("Mailroom")
                .maxMessageSize(smtp.maxMessageSize())
                .maxRecipients(smtp.maxRecipients() + 1) // our RecipientPolicy answers first, with 452 4.5.3
                .maxConnections(smtp.maxConnections())
                .connectionTimeout((int) smtp.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // our Received: header is added after DataValidator has judged the client's bytes alone
                .insertReceivedHeaders(false)
                .messageHandlerFactory(ctx -> new InboundTransaction(ctx, config, recipients, publisher))
                .build();
        SmtpCommands.install(server); // MAIL parameters to the handler; DATA/BDAT refusals reset the transaction
        server.start();
        Log.infof("smtp listening host=%s port=%d domains=%s", smtp.host(), server.getPortAllocated(),
                config.domains());
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
