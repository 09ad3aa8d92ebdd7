package dev.mailroom.router.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Route;

/**
 * Compatibility with the Cloudflare Agents SDK: a message carrying {@code X-Agent-Name}, {@code X-Agent-ID},
 * {@code X-Agent-Sig} and {@code X-Agent-Sig-Ts}, where the signature is HMAC-SHA256 over
 * {@code name:id:timestamp} with the configured secret (hex or base64, compared in constant time) and the
 * timestamp (epoch seconds) is neither older than the maximum age nor more than five minutes ahead, routes to
 * instance {@code id} of the class registered for {@code name}. Lets agents migrating from there keep their
 * threads. Disabled when no secret is configured.
 */
public final class AgentHeadersRule implements RoutingRule {

    static final String NAME = "X-Agent-Name";
    static final String ID = "X-Agent-ID";
    static final String SIG = "X-Agent-Sig";
    static final String TS = "X-Agent-Sig-Ts";
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private final Optional<byte[]> secret;
    private final Duration maxAge;
    private final Function<String, Optional<String>> classForName;
    private final Clock clock;

    /**
     * @param classForName maps the SDK's agent name to one of our classes (registered class or address name)
     */
    public AgentHeadersRule(Optional<String> secret, Duration maxAge, Function<String, Optional<String>> classForName,
            Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.maxAge = maxAge;
        this.classForName = classForName;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "agent-headers";
    }

    @Override
    public RuleOutcome apply(RoutingInput input) {
        if (secret.isEmpty() || input.message() == null) {
            return RuleOutcome.pass();
        }
        Map<String, String> h = input.message().routingHeaders();
        if (!h.containsKey(SIG)) {
            return RuleOutcome.pass();
        }
        String agentName = h.get(NAME);
        String agentId = h.get(ID);
        String ts = h.get(TS);
        if (agentName == null || agentId == null || ts == null) {
            return refused("missing-headers");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            return refused("malformed-timestamp");
        }
        byte[] expected = hmac(agentName + ":" + agentId + ":" + ts.trim());
        if (!matches(expected, h.get(SIG).trim())) {
            return refused("invalid");
        }
        Instant signed = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (signed.isAfter(now.plus(FUTURE_SKEW)) || signed.plus(maxAge).isBefore(now)) {
            return refused("expired");
        }
        Optional<String> cls = classForName.apply(agentName);
        if (cls.isEmpty() || !AddressResolver.validInstance(agentId)) {
            return refused("unknown-agent");
        }
        return new RuleOutcome.Decided(new Resolution.Routed(new AgentRef(cls.get(), agentId.toLowerCase(Locale.ROOT)),
                new Route(name(), true, null), name()));
    }

    private RuleOutcome refused(String reason) {
        return new RuleOutcome.Refused(name() + ": " + reason);
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.get(), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison against the hex and the base64 spellings of the expected MAC. */
    private static boolean matches(byte[] expected, String presented) {
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        boolean hex = MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        boolean b64 = MessageDigest.isEqual(Base64.getEncoder().encode(expected), given)
                | MessageDigest.isEqual(Base64.getUrlEncoder().withoutPadding().encode(expected), given);
        return hex | b64;
    }
}
