package dev.mailroom.egress.delivery;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.config.EgressConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

/**
 * Delivers over SMTP to the configured smarthost, with STARTTLS when the server offers it. Non-blocking
 * (vertx-mail-client). Classifies failures: 5xx replies are permanent, 4xx and connection errors temporary.
 */
@ApplicationScoped
public class SmtpDelivery {

    private final MailClient client;
    private final String smarthost;

    public SmtpDelivery(Vertx vertx, EgressConfig config) {
        this.smarthost = config.smarthost().filter(s -> !s.isBlank()).orElse(null);
        if (smarthost == null) {
            this.client = null;
            return;
        }
        int colon = smarthost.lastIndexOf(':');
        if (colon <= 0 || colon == smarthost.length() - 1) {
            throw new IllegalArgumentException("mailroom.egress.smarthost must be host:port, got '" + smarthost + "'");
        }
        MailConfig mailConfig = new MailConfig()
                .setHostname(smarthost.substring(0, colon))
                .setPort(Integer.parseInt(smarthost.substring(colon + 1)))
                .setStarttls(StartTLSOptions.OPTIONAL)
                .setTrustAll(config.smarthostTrustAll())
                .setOwnHostname(config.heloName())
                .setKeepAlive(true)
                .setMaxPoolSize(4)
                .setAllowRcptErrors(false);
        this.client = MailClient.create(vertx, mailConfig);
    }

    /** Delivers {@code request} with the Message-ID {@code messageId} (angle brackets included). */
    public Uni<Void> deliver(OutboundRequest request, String messageId) {
        if (client == null) {
            return Uni.createFrom().failure(new DeliveryException("no-route",
                    "no smarthost configured (mailroom.egress.smarthost) and MX delivery is not available", true,
                    null));
        }
        return client.sendMail(MimeMessages.build(request, messageId))
                .onFailure().transform(SmtpDelivery::classify)
                .replaceWithVoid();
    }

    static DeliveryException classify(Throwable failure) {
        if (failure instanceof DeliveryException d) {
            return d;
        }
        if (failure instanceof SMTPException smtp && smtp.isPermanent()) {
            return new DeliveryException("rejected", smtp.getReplyCode() + " " + smtp.getReplyMessage(), true, failure);
        }
        return new DeliveryException("temporary-failure", String.valueOf(failure.getMessage()), false, failure);
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.closeAndAwait();
        }
    }
}
