package dev.mailroom.egress.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import dev.mailroom.egress.delivery.RecipientOutcome.Status;

/**
 * Delivers a message to the recipients of one domain and says, per recipient, whether it was delivered, is to be
 * tried again later (deferred) or bounced.
 *
 * <p>Route, first match wins: a per-domain transport ({@code transports}, like Postfix's transport_maps), the
 * smarthost, else the domain's MX hosts ({@link MxResolver} on a worker thread), port 25 (or {@code mxPort}) with
 * {@link TlsPolicy#OPPORTUNISTIC}.
 *
 * <p>Hosts are tried in order. A failure before the recipients have a definitive answer (connection, time-out,
 * greeting, EHLO, STARTTLS, AUTH, a 4xx to MAIL, a network error before the final dot) moves to the next host;
 * recipients that already got a 5xx RCPT reply are bounced and not tried again. After the last host every remaining
 * recipient is deferred with that host's failure. A 5xx to MAIL (also: SMTPUTF8 needed but not offered, message over
 * the advertised SIZE) bounces all; a failure after the final dot defers all (the message may have arrived: no other
 * host is tried). Otherwise: RCPT 5xx bounced, RCPT 4xx deferred, and for accepted recipients the final reply
 * decides (2xx delivered, 4xx deferred, 5xx bounced).
 */
public final class MxDelivery {

    private static final Logger LOG = Logger.getLogger(MxDelivery.class);

    private final Vertx vertx;
    private final SmtpClient client;
    private final MxResolver resolver;
    private final Optional<SmtpEndpoint> smarthost;
    private final Map<String, SmtpEndpoint> transports;
    private final ToIntFunction<String> mxPort;

    /** MX hosts on port 25. */
    public MxDelivery(Vertx vertx, SmtpClient client, MxResolver resolver, Optional<SmtpEndpoint> smarthost,
            Map<String, SmtpEndpoint> transports) {
        this(vertx, client, resolver, smarthost, transports, host -> 25);
    }

    /**
     * @param mxPort the port for an MX host (25 in production; tests map host names to local servers)
     */
    public MxDelivery(Vertx vertx, SmtpClient client, MxResolver resolver, Optional<SmtpEndpoint> smarthost,
            Map<String, SmtpEndpoint> transports, ToIntFunction<String> mxPort) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.smarthost = Objects.requireNonNull(smarthost, "smarthost");
        this.mxPort = Objects.requireNonNull(mxPort, "mxPort");
        Map<String, SmtpEndpoint> byDomain = new HashMap<>();
        transports.forEach((domain, endpoint) -> byDomain.put(normalize(domain), endpoint));
        this.transports = Map.copyOf(byDomain);
    }

    /**
     * Delivers {@code transaction}, whose recipients must all be in {@code domain}; one outcome per recipient, in
     * the transaction's order. The Uni is lazy; it fails only for an unusable transaction
     * ({@link IllegalArgumentException}), never for SMTP or DNS trouble.
     */
    public Uni<List<RecipientOutcome>> deliver(String domain, MailTransaction transaction) {
        return Uni.createFrom().completionStage(() -> deliverFuture(domain, transaction).toCompletionStage());
    }

    Future<List<RecipientOutcome>> deliverFuture(String domain, MailTransaction tx) {
        if (tx.recipients().isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Map<String, RecipientOutcome> outcomes = new HashMap<>();
        return routes(domain)
                .compose(endpoints -> attempt(endpoints, 0, tx, outcomes, null))
                .recover(t -> {
                    if (t instanceof MxLookupException e) {
                        LOG.debugf("%s: %s", domain, e.getMessage());
                        Status status = e.permanent() ? Status.BOUNCED : Status.DEFERRED;
                        tx.recipients().forEach(r -> outcomes.put(r,
                                new RecipientOutcome(r, status, e.reply(), null, e.getMessage())));
                        return Future.succeededFuture();
                    }
                    return Future.failedFuture(t);
                })
                .map(v -> tx.recipients().stream().map(outcomes::get).toList());
    }

    private Future<List<SmtpEndpoint>> routes(String domain) {
        SmtpEndpoint transport = transports.get(normalize(domain));
        if (transport != null) {
            return Future.succeededFuture(List.of(transport));
        }
        if (smarthost.isPresent()) {
            return Future.succeededFuture(List.of(smarthost.get()));
        }
        return vertx.executeBlocking(() -> resolver.hosts(domain), false)
                .map(hosts -> hosts.stream()
                        .map(h -> new SmtpEndpoint(h, mxPort.applyAsInt(h), TlsPolicy.OPPORTUNISTIC, null, false))
                        .toList());
    }

    private Future<Void> attempt(List<SmtpEndpoint> endpoints, int index, MailTransaction tx,
            Map<String, RecipientOutcome> outcomes, SmtpFailure last) {
        if (index >= endpoints.size()) {
            deferAll(tx, outcomes, last);
            return Future.succeededFuture();
        }
        return client.sendFuture(endpoints.get(index), tx).transform(ar -> {
            if (ar.succeeded()) {
                recordResult(tx, ar.result(), outcomes);
                return Future.succeededFuture();
            }
            if (!(ar.cause() instanceof SmtpFailure failure)) {
                return Future.failedFuture(ar.cause());
            }
            if (definitive(failure)) {
                recordFailure(tx, failure, outcomes);
                return Future.succeededFuture();
            }
            List<String> remaining = new ArrayList<>();
            for (String rcpt : tx.recipients()) {
                SmtpReply reply = failure.recipientReplies().get(rcpt);
                if (reply != null && reply.permanentFailure()) {
                    outcomes.put(rcpt, outcome(rcpt, reply, failure.host(), "in reply to RCPT TO"));
                } else {
                    remaining.add(rcpt);
                }
            }
            LOG.debugf("%s (%d recipients left)", failure.getMessage(), remaining.size());
            if (remaining.isEmpty()) {
                return Future.succeededFuture();
            }
            return attempt(endpoints, index + 1, tx.withRecipients(remaining), outcomes, failure);
        });
    }

    /** Whether the failure settles the recipients at this host (else the next host is tried). */
    private static boolean definitive(SmtpFailure failure) {
        return switch (failure.stage()) {
            case SmtpFailure.MAIL, SmtpFailure.RCPT -> failure.permanent();
            case SmtpFailure.DATA_END -> true;
            default -> false;
        };
    }

    private static void recordResult(MailTransaction tx, TransactionResult result,
            Map<String, RecipientOutcome> outcomes) {
        for (String rcpt : tx.recipients()) {
            SmtpReply rcptReply = result.recipientReplies().get(rcpt);
            if (rcptReply == null) {
                outcomes.put(rcpt, new RecipientOutcome(rcpt, Status.DEFERRED, null, result.host(),
                        "no reply to RCPT TO from " + result.host()));
            } else if (!rcptReply.positive()) {
                outcomes.put(rcpt, outcome(rcpt, rcptReply, result.host(), "in reply to RCPT TO"));
            } else if (result.finalReply() == null) {
                outcomes.put(rcpt, new RecipientOutcome(rcpt, Status.DEFERRED, null, result.host(),
                        "no final reply from " + result.host()));
            } else {
                outcomes.put(rcpt, outcome(rcpt, result.finalReply(), result.host(), "in reply to end of DATA"));
            }
        }
    }

    private static void recordFailure(MailTransaction tx, SmtpFailure failure, Map<String, RecipientOutcome> outcomes) {
        Status status = failure.permanent() ? Status.BOUNCED : Status.DEFERRED;
        for (String rcpt : tx.recipients()) {
            SmtpReply rcptReply = failure.recipientReplies().get(rcpt);
            if (rcptReply != null && !rcptReply.positive()) {
                outcomes.put(rcpt, outcome(rcpt, rcptReply, failure.host(), "in reply to RCPT TO"));
            } else {
                outcomes.put(rcpt, new RecipientOutcome(rcpt, status, failure.reply(), failure.host(),
                        failure.getMessage()));
            }
        }
    }

    private static void deferAll(MailTransaction tx, Map<String, RecipientOutcome> outcomes, SmtpFailure last) {
        for (String rcpt : tx.recipients()) {
            SmtpReply rcptReply = last == null ? null : last.recipientReplies().get(rcpt);
            if (rcptReply != null && rcptReply.transientFailure()) {
                outcomes.put(rcpt, outcome(rcpt, rcptReply, last.host(), "in reply to RCPT TO"));
            } else {
                outcomes.put(rcpt, new RecipientOutcome(rcpt, Status.DEFERRED, last == null ? null : last.reply(),
                        last == null ? null : last.host(), last == null ? "no host to try" : last.getMessage()));
            }
        }
    }

    private static RecipientOutcome outcome(String rcpt, SmtpReply reply, String host, String context) {
        Status status = reply.code() < 300 ? Status.DELIVERED
                : reply.permanentFailure() ? Status.BOUNCED : Status.DEFERRED;
        String detail = (status == Status.DELIVERED ? "delivered to " : "") + host + " said: " + reply + " ("
                + context + ")";
        return new RecipientOutcome(rcpt, status, reply, host, detail);
    }

    private static String normalize(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
