package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.router.config.RouterConfig;

/** Routing by signed reply token and by Cloudflare agent headers, through the resolver's ordered rules. */
class SignedRoutingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final ReplyToken.Keys KEYS = new ReplyToken.Keys(
            Map.of("k1", "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)), "k1");
    private static final String CF_SECRET = "cf-secret-for-tests";

    private static AddressResolver resolver(RouterConfig.InvalidTokenPolicy policy) {
        RouterConfig.Cloudflare cloudflare = new RouterConfig.Cloudflare() {
            @Override
            public Optional<String> secret() {
                return Optional.of(CF_SECRET);
            }

            @Override
            public Duration maxAge() {
                return Duration.ofDays(30);
            }
        };
        return new AddressResolver(List.of("agents.test"), d -> false, "+",
                RegisteredAddressRule.Registry.of(Map.of("support", "Support", "sales", "Sales")), Optional.empty(), KEYS, Duration.ofDays(30), false,
                policy, cloudflare, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static final AddressResolver FALLBACK = resolver(RouterConfig.InvalidTokenPolicy.FALLBACK);

    private static String token(AgentRef agent, String correspondent, Instant issued) {
        return ReplyToken.sign(KEYS, agent, "agents.test", correspondent, issued);
    }

    private static ParsedMessage reply(List<String> inReplyTo, List<String> references, Map<String, String> headers) {
        return new ParsedMessage("r1@example.org", inReplyTo, references, EmailAddress.of("ann@example.org"), null,
                null, null, "Re: ticket", null, "thanks", null, null, null, null, null, headers);
    }

    private static Resolution.Routed routed(Resolution r) {
        return assertInstanceOf(Resolution.Routed.class, r, r.toString());
    }

    @Test
    void replyWhoseToLostItsPlusTagReachesTheOriginalInstanceVerified() {
        String id = token(new AgentRef("Support", "ticket-123"), "ann@example.org", NOW.minusSeconds(3600));
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test", reply(List.of(id), List.of(id), null),
                "ann@example.org"));
        assertEquals("Support/ticket-123", r.agent().key());
        assertEquals("reply-token", r.route().by());
        assertTrue(r.route().verified());
        assertNull(r.route().detail());
    }

    @Test
    void newestReferenceWinsWhenInReplyToCarriesNoToken() {
        String older = token(new AgentRef("Support", "old"), "ann@example.org", NOW.minusSeconds(7200));
        String newer = token(new AgentRef("Support", "new"), "ann@example.org", NOW.minusSeconds(60));
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test",
                reply(List.of("plain@example.org"), List.of(older, "x@y", newer), null), "ann@example.org"));
        assertEquals("Support/new", r.agent().key());
    }

    @Test
    void tamperedTokenFallsBackToAddressRoutingUnverifiedWithTheReason() {
        String id = token(new AgentRef("Support", "ticket-123"), "ann@example.org", NOW);
        String tampered = id.replaceFirst("\\.b\\.", ".u.");
        Resolution.Routed r = routed(FALLBACK.resolve("support+other@agents.test", reply(List.of(tampered), null,
                null), "ann@example.org"));
        assertEquals("Support/other", r.agent().key());
        assertEquals("address", r.route().by());
        assertEquals(false, r.route().verified());
        assertEquals("reply-token: bad-signature", r.route().detail());
    }

    @Test
    void tokenLiftedBySomeoneElseDoesNotOpenTheInstance() {
        String id = token(new AgentRef("Support", "ticket-123"), "ann@example.org", NOW);
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test", reply(List.of(id), null, null),
                "mallory@example.org"));
        assertEquals("Support/support", r.agent().key());
        assertEquals(false, r.route().verified());
    }

    @Test
    void expiredTokenIsNotHonoured() {
        String id = token(new AgentRef("Support", "t"), "ann@example.org", NOW.minus(Duration.ofDays(31)));
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test", reply(List.of(id), null, null),
                "ann@example.org"));
        assertEquals("reply-token: expired", r.route().detail());
    }

    @Test
    void tokenForAnotherClassThanTheAddressIsNotHonoured() {
        String id = token(new AgentRef("Support", "t"), "ann@example.org", NOW);
        Resolution.Routed r = routed(FALLBACK.resolve("sales@agents.test", reply(List.of(id), null, null),
                "ann@example.org"));
        assertEquals("Sales/sales", r.agent().key());
        assertEquals("reply-token: class-mismatch", r.route().detail());
    }

    @Test
    void deadLetterPolicyRefusesMailWithARejectedToken() {
        String id = token(new AgentRef("Support", "t"), "ann@example.org", NOW);
        Resolution r = resolver(RouterConfig.InvalidTokenPolicy.DEAD_LETTER).resolve("support@agents.test",
                reply(List.of(id), null, null), "mallory@example.org");
        Resolution.Unroutable u = assertInstanceOf(Resolution.Unroutable.class, r);
        assertEquals("reply-token-rejected", u.reason());
    }

    @Test
    void cloudflareSignedHeadersRouteToTheNamedInstance() throws Exception {
        String ts = Long.toString(NOW.minusSeconds(60).getEpochSecond());
        Map<String, String> headers = Map.of("X-Agent-Name", "Support", "X-Agent-ID", "cf-42", "X-Agent-Sig",
                cfSig("Support:cf-42:" + ts), "X-Agent-Sig-Ts", ts);
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test", reply(null, null, headers),
                "ann@example.org"));
        assertEquals("Support/cf-42", r.agent().key());
        assertEquals("agent-headers", r.route().by());
        assertTrue(r.route().verified());
    }

    @Test
    void forgedCloudflareHeadersAreRefused() throws Exception {
        String ts = Long.toString(NOW.getEpochSecond());
        Map<String, String> headers = Map.of("X-Agent-Name", "Support", "X-Agent-ID", "admin", "X-Agent-Sig",
                cfSig("Support:victim:" + ts), "X-Agent-Sig-Ts", ts);
        Resolution.Routed r = routed(FALLBACK.resolve("support@agents.test", reply(null, null, headers),
                "ann@example.org"));
        assertEquals("Support/support", r.agent().key());
        assertEquals("agent-headers: invalid", r.route().detail());
    }

    private static String cfSig(String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(CF_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
