package dev.mailroom.router.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.common.net.InetAddresses;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dkim.DkimVerifier;
import dev.mailroom.mail.dkim.RawMessage;
import dev.mailroom.mail.dmarc.DmarcEvaluator;
import dev.mailroom.mail.dmarc.DmarcOutcome;
import dev.mailroom.mail.address.AddressParser;
import dev.mailroom.mail.spf.SpfEvaluator;
import dev.mailroom.mail.spf.SpfOutcome;
import dev.mailroom.mail.dns.DnsResolver;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Inbound authentication of one message: SPF (MAIL FROM, or HELO for the null sender), every DKIM signature, DMARC
 * for the From domain(s), and the Authentication-Results field. DNS and crypto block, so the work runs on the
 * default worker pool; the returned {@link Uni} never fails and completes within {@code mailroom.auth.timeout}:
 * an unexpected error or the timeout yields {@code temperror}/{@code permerror} verdicts with the reason.
 */
@ApplicationScoped
public class AuthenticationChecker {

    private final boolean enabled;
    private final String authservId;
    private final Duration timeout;
    private final SpfEvaluator spf;
    private final DkimVerifier dkim;
    private final DmarcEvaluator dmarc;

    @Inject
    public AuthenticationChecker(AuthConfig config, DnsResolver dns) {
        this(config.enabled(), config.authservId(), config.timeout(), dns, Clock.systemUTC());
    }

    /** For tests and embedding: everything explicit. */
    public AuthenticationChecker(boolean enabled, String authservId, Duration timeout, DnsResolver dns, Clock clock) {
        this.enabled = enabled;
        this.authservId = authservId;
        this.timeout = timeout;
        this.spf = new SpfEvaluator(dns, clock, authservId);
        this.dkim = new DkimVerifier(dns, clock);
        this.dmarc = new DmarcEvaluator(dns);
    }

    /**
     * Checks one message.
     *
     * @param clientIp   the SMTP client's address (literal; {@code [..]} and {@code IPv6:} forms accepted)
     * @param helo       the HELO/EHLO name
     * @param mailFrom   the MAIL FROM address, {@code ""} for the null sender
     * @param raw        the message as received
     * @param fromDomain the domain of the RFC5322.From address, or null (then it is read from {@code raw})
     */
    public Uni<Authentication> check(String clientIp, String helo, String mailFrom, byte[] raw, String fromDomain) {
        if (!enabled) {
            return Uni.createFrom().item(() -> disabled(mailFrom, helo, fromDomain));
        }
        return Uni.createFrom().item(() -> checkNow(clientIp, helo, mailFrom, raw, fromDomain))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout).recoverWithItem(() -> failed(mailFrom, helo, fromDomain, "temperror",
                        "authentication timed out after " + timeout.toMillis() + " ms"))
                .onFailure().recoverWithItem(e -> failed(mailFrom, helo, fromDomain, "temperror", "error: " + e));
    }

    /** The same check, synchronously on the calling thread (which must be allowed to block). */
    public Authentication checkNow(String clientIp, String helo, String mailFrom, byte[] raw, String fromDomain) {
        String sender = mailFrom == null ? "" : mailFrom.strip();
        String identity = sender.isEmpty() ? "helo" : "mailfrom";
        Authentication.Spf spfVerdict = spf(clientIp, helo, sender);

        RawMessage message = null;
        List<Authentication.Dkim> dkimVerdicts;
        try {
            message = RawMessage.parse(raw == null ? new byte[0] : raw);
            dkimVerdicts = dkim.verify(message);
        } catch (RuntimeException e) {
            Log.warnf("dkim check failed error=%s", e.toString());
            dkimVerdicts = List.of(new Authentication.Dkim("permerror", null, null, null, "error: " + e));
        }

        DmarcOutcome dmarcOutcome;
        try {
            dmarcOutcome = dmarc(message, fromDomain, spfVerdict, dkimVerdicts);
        } catch (RuntimeException e) {
            Log.warnf("dmarc check failed error=%s", e.toString());
            dmarcOutcome = new DmarcOutcome(new Authentication.Dmarc("temperror", fromDomain, null, false, false),
                    "error: " + e);
        }
        Authentication.Dmarc d = dmarcOutcome.verdict();
        String header = AuthenticationResultsHeader.format(authservId, spfVerdict, identity, dkimVerdicts, d);
        return new Authentication(spfVerdict, dkimVerdicts, d, header);
    }

    private Authentication.Spf spf(String clientIp, String helo, String sender) {
        String domain = spfDomain(sender, helo);
        try {
            InetAddress ip = literal(clientIp);
            if (ip == null) {
                return new Authentication.Spf("none", domain, "no usable client address: " + clientIp);
            }
            SpfOutcome out = spf.check(ip, helo, sender);
            String detail = out.explanation() != null ? out.detail() + "; explanation: " + out.explanation()
                    : out.detail();
            return new Authentication.Spf(out.result().keyword(), domain, detail);
        } catch (RuntimeException e) {
            Log.warnf("spf check failed error=%s", e.toString());
            return new Authentication.Spf("temperror", domain, "error: " + e);
        }
    }

    private DmarcOutcome dmarc(RawMessage message, String fromDomain, Authentication.Spf spfVerdict,
                               List<Authentication.Dkim> dkimVerdicts) {
        List<String> domains = new ArrayList<>();
        if (message != null) {
            List<RawMessage.HeaderField> from = message.headers("From");
            if (from.size() > 1) {
                String d = fromDomain != null ? fromDomain : firstDomain(from.get(0));
                return new DmarcOutcome(new Authentication.Dmarc("permerror", d, null, false, false),
                        "multiple From fields");
            }
            if (from.size() == 1) {
                domains.addAll(AddressParser.domains(from.get(0).value()));
            }
        }
        if (domains.isEmpty() && fromDomain != null && !fromDomain.isBlank()) {
            domains.add(fromDomain.strip().toLowerCase(Locale.ROOT));
        }
        return dmarc.evaluate(domains, spfVerdict, dkimVerdicts);
    }

    private static String firstDomain(RawMessage.HeaderField field) {
        List<String> d = AddressParser.domains(field.value());
        return d.isEmpty() ? null : d.get(0);
    }

    private static String spfDomain(String sender, String helo) {
        if (sender.isEmpty()) {
            return helo == null ? null : helo.strip();
        }
        int at = sender.lastIndexOf('@');
        return at < 0 ? sender : sender.substring(at + 1);
    }

    /** The address literal, without any DNS lookup; null when it is not one. */
    static InetAddress literal(String clientIp) {
        if (clientIp == null) {
            return null;
        }
        String s = clientIp.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.regionMatches(true, 0, "IPv6:", 0, 5)) {
            s = s.substring(5);
        }
        try {
            return InetAddresses.forString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Authentication disabled(String mailFrom, String helo, String fromDomain) {
        return failed(mailFrom, helo, fromDomain, "none", "authentication disabled");
    }

    private Authentication failed(String mailFrom, String helo, String fromDomain, String result, String detail) {
        String sender = mailFrom == null ? "" : mailFrom.strip();
        Authentication.Spf s = new Authentication.Spf(result, spfDomain(sender, helo), detail);
        Authentication.Dmarc d = new Authentication.Dmarc(result, fromDomain, null, false, false);
        List<Authentication.Dkim> dk = "none".equals(result) ? List.of()
                : List.of(new Authentication.Dkim(result, null, null, null, detail));
        String header = AuthenticationResultsHeader.format(authservId, s, sender.isEmpty() ? "helo" : "mailfrom",
                dk, d);
        return new Authentication(s, dk, d, header);
    }
}
