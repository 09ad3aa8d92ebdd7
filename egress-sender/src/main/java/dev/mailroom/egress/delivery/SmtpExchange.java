package dev.mailroom.egress.delivery;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import io.vertx.core.Future;

/**
 * The SMTP dialogue over one {@link SmtpConnection}: the session set-up (greeting, EHLO, STARTTLS, AUTH) and mail
 * transactions. Runs on the connection's context; every failure is an {@link SmtpFailure} with the stage it happened
 * in (network errors and time-outs are temporary and carry no reply).
 */
final class SmtpExchange {

    private static final Logger LOG = Logger.getLogger(SmtpExchange.class);

    /** A failed TLS handshake under {@link TlsPolicy#OPPORTUNISTIC}: the caller retries in plaintext. */
    static final class OpportunisticTlsFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpportunisticTlsFailed(Throwable cause) {
            super("TLS handshake failed: " + cause.getMessage(), cause);
        }
    }

    private final SmtpConnection c;
    private String stage;

    private SmtpExchange(SmtpConnection c, String stage) {
        this.c = c;
        this.stage = stage;
    }

    // ---------------------------------------------------------------- session set-up

    /** Greeting, EHLO (HELO fallback), STARTTLS per policy then EHLO again, AUTH when credentials are given. */
    static Future<SmtpConnection> open(SmtpConnection c, String heloName, boolean allowTls) {
        SmtpExchange x = new SmtpExchange(c, SmtpFailure.GREETING);
        return x.guard(x.open(heloName, allowTls)).map(c);
    }

    private Future<Void> open(String heloName, boolean allowTls) {
        return c.expect("greeting")
                .compose(greeting -> {
                    if (greeting.code() != 220) {
                        return Future.failedFuture(refused("greeting", greeting));
                    }
                    return hello(heloName, true);
                })
                .compose(v -> startTls(heloName, allowTls))
                .compose(v -> authenticate());
    }

    private Future<Void> hello(String heloName, boolean heloFallback) {
        stage = SmtpFailure.EHLO;
        return c.command("EHLO " + heloName).compose(ehlo -> {
            if (ehlo.code() == 250) {
                c.extensions(ehlo);
                return Future.succeededFuture();
            }
            if (ehlo.permanentFailure() && heloFallback) {
                return c.command("HELO " + heloName).compose(helo -> {
                    if (helo.code() != 250) {
                        return Future.failedFuture(refused("HELO", helo));
                    }
                    c.extensions(null);
                    return Future.<Void>succeededFuture();
                });
            }
            return Future.failedFuture(refused("EHLO", ehlo));
        });
    }

    private Future<Void> startTls(String heloName, boolean allowTls) {
        TlsPolicy policy = c.endpoint.tls();
        if (policy == TlsPolicy.NONE || (policy == TlsPolicy.OPPORTUNISTIC && (!allowTls || !c.offers("STARTTLS")))) {
            return Future.succeededFuture();
        }
        stage = SmtpFailure.STARTTLS;
        if (!c.offers("STARTTLS")) {
            return Future.failedFuture(failure(false, null, "TLS is required but the server does not offer STARTTLS"));
        }
        return c.command("STARTTLS").compose(reply -> {
            if (reply.code() != 220) {
                if (policy == TlsPolicy.OPPORTUNISTIC) {
                    LOG.debugf("%s refused STARTTLS (%s): continuing without TLS", c.hostPort, reply);
                    return Future.succeededFuture();
                }
                return Future.failedFuture(failure(false, reply, "TLS is required but STARTTLS was refused: " + reply));
            }
            String serverName = sniName(c.endpoint.host());
            return c.upgradeToTls(serverName)
                    .recover(t -> {
                        c.close();
                        if (policy == TlsPolicy.OPPORTUNISTIC) {
                            return Future.failedFuture(new OpportunisticTlsFailed(t));
                        }
                        return Future.failedFuture(failure(false, null, "TLS handshake failed: " + describe(t), t));
                    })
                    .compose(v -> {
                        LOG.debugf("%s TLS established", c.hostPort);
                        return hello(heloName, false);
                    });
        });
    }

    private Future<Void> authenticate() {
        Credentials credentials = c.endpoint.credentials();
        if (credentials == null) {
            return Future.succeededFuture();
        }
        stage = SmtpFailure.AUTH;
        if (!c.tls() && !loopback(c.socket.remoteAddress().hostAddress())) {
            return Future.failedFuture(failure(false, null,
                    "refusing to send credentials without TLS to a host that is not loopback"));
        }
        String mechanisms = c.parameters("AUTH");
        if (mechanisms == null) {
            return Future.failedFuture(failure(false, null, "credentials are configured but the server does not offer AUTH"));
        }
        List<String> offered = List.of(mechanisms.toUpperCase(Locale.ROOT).split("\\s+"));
        Base64.Encoder b64 = Base64.getEncoder();
        Future<SmtpReply> outcome;
        if (offered.contains("PLAIN")) {
            byte[] token = ("\0" + credentials.username() + "\0" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8);
            outcome = c.command("AUTH PLAIN " + b64.encodeToString(token), "AUTH PLAIN ****");
        } else if (offered.contains("LOGIN")) {
            outcome = c.command("AUTH LOGIN").compose(first -> {
                if (first.code() != 334) {
                    return Future.succeededFuture(first);
                }
                return c.command(b64.encodeToString(credentials.username().getBytes(StandardCharsets.UTF_8)), "****")
                        .compose(second -> second.code() != 334 ? Future.succeededFuture(second)
                                : c.command(b64.encodeToString(
                                        credentials.password().getBytes(StandardCharsets.UTF_8)), "****"));
            });
        } else {
            return Future.failedFuture(failure(false, null, "no supported AUTH mechanism (PLAIN, LOGIN) in: " + mechanisms));
        }
        return outcome.compose(reply -> {
            if (reply.code() == 235) {
                return Future.succeededFuture();
            }
            // Authentication failures are configuration problems: temporary, so mail waits for a fix (like Postfix).
            return Future.failedFuture(failure(false, reply, "authentication failed: " + reply));
        });
    }

    // ---------------------------------------------------------------- mail transaction

    /** MAIL, RCPT for each recipient, DATA when one was accepted, the message and the final reply. */
    static Future<TransactionResult> transact(SmtpConnection c, MailTransaction tx, SmtpData.Prepared data) {
        SmtpExchange x = new SmtpExchange(c, SmtpFailure.MAIL);
        Map<String, SmtpReply> rcptReplies = new LinkedHashMap<>();
        return x.guard(x.transact(tx, data, rcptReplies))
                .recover(t -> Future.failedFuture(t instanceof SmtpFailure f && !rcptReplies.isEmpty()
                        ? f.withRecipientReplies(rcptReplies)
                        : t));
    }

    private Future<TransactionResult> transact(MailTransaction tx, SmtpData.Prepared data,
            Map<String, SmtpReply> rcptReplies) {
        boolean utf8 = tx.smtpUtf8() || !SmtpData.ascii(tx.mailFrom())
                || tx.recipients().stream().anyMatch(r -> !SmtpData.ascii(r));
        if (utf8 && !c.offers("SMTPUTF8")) {
            return Future.failedFuture(failure(true, new SmtpReply(553, "5.6.7",
                    "SMTPUTF8 is required but not offered by " + c.hostPort + " (generated locally)"),
                    "smtputf8 not supported by the server"));
        }
        long limit = sizeLimit();
        if (limit > 0 && data.size() > limit) {
            return Future.failedFuture(failure(true, new SmtpReply(552, "5.3.4", "message size " + data.size()
                    + " exceeds the limit " + limit + " of " + c.hostPort + " (generated locally)"),
                    "message too big for the server"));
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(tx.mailFrom()).append('>');
        if (c.offers("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        if (c.offers("SIZE")) {
            mail.append(" SIZE=").append(data.size());
        }
        if (utf8) {
            mail.append(" SMTPUTF8");
        }
        if (tx.envelopeId() != null && c.offers("DSN")) {
            mail.append(" ENVID=").append(SmtpData.xtext(tx.envelopeId()));
        }
        Future<Boolean> anyAccepted;
        if (c.offers("PIPELINING")) {
            List<String> lines = new ArrayList<>();
            lines.add(mail.toString());
            tx.recipients().forEach(r -> lines.add("RCPT TO:<" + r + ">"));
            List<Future<SmtpReply>> replies = c.pipeline(lines);
            anyAccepted = Future.all(replies).compose(all -> {
                SmtpReply mailReply = replies.get(0).result();
                if (!mailReply.positive()) {
                    return Future.failedFuture(refused("MAIL", mailReply));
                }
                stage = SmtpFailure.RCPT;
                for (int i = 0; i < tx.recipients().size(); i++) {
                    rcptReplies.put(tx.recipients().get(i), replies.get(i + 1).result());
                }
                return Future.succeededFuture(rcptReplies.values().stream().anyMatch(SmtpReply::positive));
            });
        } else {
            anyAccepted = c.command(mail.toString()).compose(mailReply -> {
                if (!mailReply.positive()) {
                    return Future.failedFuture(refused("MAIL", mailReply));
                }
                stage = SmtpFailure.RCPT;
                return recipients(tx.recipients(), 0, rcptReplies);
            });
        }
        return anyAccepted.compose(accepted -> {
            if (!accepted) {
                return Future.succeededFuture(result(rcptReplies, null));
            }
            stage = SmtpFailure.DATA;
            return c.command("DATA").compose(dataReply -> {
                if (dataReply.code() != 354) {
                    if (dataReply.positive()) {
                        return Future.failedFuture(failure(false, dataReply, "unexpected reply to DATA: " + dataReply));
                    }
                    return Future.succeededFuture(result(rcptReplies, dataReply));
                }
                return c.writeData(data.stuffed()).compose(v -> {
                    stage = SmtpFailure.DATA_END;
                    c.writeEndOfData();
                    return c.expect("end of data");
                }).map(finalReply -> result(rcptReplies, finalReply));
            });
        });
    }

    private Future<Boolean> recipients(List<String> recipients, int index, Map<String, SmtpReply> replies) {
        if (index == recipients.size()) {
            return Future.succeededFuture(replies.values().stream().anyMatch(SmtpReply::positive));
        }
        String rcpt = recipients.get(index);
        return c.command("RCPT TO:<" + rcpt + ">").compose(reply -> {
            replies.put(rcpt, reply);
            return recipients(recipients, index + 1, replies);
        });
    }

    private TransactionResult result(Map<String, SmtpReply> rcptReplies, SmtpReply finalReply) {
        return new TransactionResult(c.hostPort, c.tls(), rcptReplies, finalReply);
    }

    private long sizeLimit() {
        String size = c.parameters("SIZE");
        if (size == null || size.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(size.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- failures

    /** Turns anything but an {@link SmtpFailure} (network error, time-out, protocol error) into a temporary one. */
    private <T> Future<T> guard(Future<T> future) {
        return future.recover(t -> {
            if (t instanceof SmtpFailure || t instanceof OpportunisticTlsFailed) {
                return Future.failedFuture(t);
            }
            return Future.failedFuture(failure(false, null, describe(t), t));
        });
    }

    private SmtpFailure refused(String what, SmtpReply reply) {
        return failure(reply.permanentFailure(), reply, what + " refused: " + reply);
    }

    private SmtpFailure failure(boolean permanent, SmtpReply reply, String detail) {
        return failure(permanent, reply, detail, null);
    }

    private SmtpFailure failure(boolean permanent, SmtpReply reply, String detail, Throwable cause) {
        return new SmtpFailure(stage, permanent, reply, c.hostPort, detail, cause);
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** The SNI name: the host unless it is an IP literal. */
    static String sniName(String host) {
        if (host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch))) {
            return null;
        }
        return host;
    }

    /** Whether an IP address (literal) is loopback; AUTH without TLS is allowed only there. */
    static boolean loopback(String ipLiteral) {
        if (ipLiteral == null) {
            return false;
        }
        try {
            // a literal: no name lookup happens
            return (ipLiteral.indexOf(':') >= 0 || ipLiteral.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))
                    && InetAddress.getByName(ipLiteral).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
