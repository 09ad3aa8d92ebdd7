package dev.mailroom.ingress.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

import io.quarkus.logging.Log;

/**
 * The connection-level check, the first of all (before the greeting): at most {@code maxTotal} concurrent sessions,
 * and at most {@code maxPerIp} from one client IP address. A session over either limit is answered
 * {@code 421 4.7.0} and closed by SubEthaSMTP, which calls {@link #onSessionEnd} only for accepted sessions.
 *
 * <p>SubEthaSMTP's own cap is set above {@code maxTotal} by {@link SmtpServerLifecycle}, so that this class decides
 * and the client gets an enhanced code. Called from every session thread: the counters are guarded by this object.
 */
final class ConnectionLimiter implements SessionHandler {

    private static final String COMPONENT = "connection-limiter";

    private final SmtpMetrics metrics;
    private final int maxTotal;
    private final int maxPerIp;
    private final Map<InetAddress, Integer> perIp = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerIp, SmtpMetrics metrics) {
        this.metrics = metrics;
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        InetAddress ip = address(session);
        SmtpOutcome outcome = admit(ip);
        if (!outcome.accepted()) {
            Log.infof("connection refused client=%s code=%d reason=%s", ip.getHostAddress(), outcome.code(),
                    outcome.reason());
            metrics.rejected(outcome);
            return SessionAcceptance.failure(outcome.code(), outcome.replyText());
        }
        metrics.sessionStarted();
        return SessionAcceptance.success();
    }

    @Override
    public synchronized void onSessionEnd(Session session) {
        InetAddress ip = address(session);
        total--;
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        metrics.sessionEnded();
    }

    /** Counts the session in when both limits allow it. */
    synchronized SmtpOutcome admit(InetAddress ip) {
        if (total >= maxTotal) {
            return SmtpOutcome.tooManyConnections(COMPONENT, "too-many-connections");
        }
        int fromIp = perIp.getOrDefault(ip, 0);
        if (fromIp >= maxPerIp) {
            return SmtpOutcome.tooManyConnections(COMPONENT, "too-many-connections-per-ip");
        }
        total++;
        perIp.put(ip, fromIp + 1);
        return SmtpOutcome.accept(COMPONENT);
    }

    /** The socket's peer: stable for the whole session, whatever STARTTLS does to the socket object. */
    private static InetAddress address(Session session) {
        InetSocketAddress remote = session.getRemoteAddress();
        return remote.getAddress();
    }
}
