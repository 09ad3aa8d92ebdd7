package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.router.config.RouterConfig;

class AddressResolverTest {

    static final RouterConfig.Cloudflare NO_CLOUDFLARE = new RouterConfig.Cloudflare() {
        @Override
        public Optional<String> secret() {
            return Optional.empty();
        }

        @Override
        public java.time.Duration maxAge() {
            return java.time.Duration.ofDays(30);
        }
    };

    private static AddressResolver resolver(String separator, Optional<String> catchAll) {
        return new AddressResolver(List.of("agents.test", " Other.Test "), d -> false, separator,
                RegisteredAddressRule.Registry.of(Map.of("echo", "Echo", "Support", "Support")), catchAll,
                new ReplyToken.Keys(Map.of(), null),
                java.time.Duration.ofDays(30), false, RouterConfig.InvalidTokenPolicy.FALLBACK, NO_CLOUDFLARE,
                java.time.Clock.systemUTC());
    }

    private static String routed(Resolution r) {
        Resolution.Routed routed = assertInstanceOf(Resolution.Routed.class, r, r.toString());
        assertEquals("address", routed.route().by());
        assertEquals(false, routed.route().verified());
        return routed.agent().key();
    }

    private static String unroutable(Resolution r) {
        return assertInstanceOf(Resolution.Unroutable.class, r, r.toString()).reason();
    }

    @Test
    void bareAddressNameIsItsOwnInstance() {
        assertEquals("Echo/echo", routed(resolver("+", Optional.empty()).resolve("echo@agents.test")));
    }

    @Test
    void subAddressNamesTheInstance() {
        assertEquals("Support/ticket-123",
                routed(resolver("+", Optional.empty()).resolve("support+ticket-123@agents.test")));
    }

    @Test
    void matchingIsCaseInsensitiveOnLocalPartAndDomain() {
        assertEquals("Echo/t1", routed(resolver("+", Optional.empty()).resolve("ECHO+T1@Other.TEST")));
    }

    @Test
    void onlyTheFirstSeparatorSplits() {
        assertEquals("Echo/a+b", routed(resolver("+", Optional.empty()).resolve("echo+a+b@agents.test")));
    }

    @Test
    void emptySubAddressFallsBackToTheAddressName() {
        assertEquals("Echo/echo", routed(resolver("+", Optional.empty()).resolve("echo+@agents.test")));
    }

    @Test
    void separatorIsConfigurable() {
        AddressResolver dash = resolver("-", Optional.empty());
        assertEquals("Echo/t1", routed(dash.resolve("echo-t1@agents.test")));
        assertEquals("unknown-agent", unroutable(dash.resolve("echo+t1@agents.test")));
    }

    @Test
    void unknownAddressNameIsUnroutableWithoutCatchAll() {
        assertEquals("unknown-agent", unroutable(resolver("+", Optional.empty()).resolve("sales@agents.test")));
    }

    @Test
    void catchAllTakesUnknownNamesButNotRegisteredOnes() {
        AddressResolver withCatchAll = resolver("+", Optional.of("Inbox"));
        assertEquals("Inbox/sales+eu", routed(withCatchAll.resolve("Sales+EU@agents.test")));
        assertEquals("Echo/t1", routed(withCatchAll.resolve("echo+t1@agents.test")));
    }

    @Test
    void foreignDomainIsNeverRouted() {
        assertEquals("domain-not-accepted",
                unroutable(resolver("+", Optional.of("Inbox")).resolve("echo@gmail.com")));
    }

    @Test
    void aDomainOfTheDomainStoreIsAcceptedBesideTheConfiguredOnes() {
        AddressResolver r = new AddressResolver(List.of("agents.test"), "store.test"::equals, "+",
                RegisteredAddressRule.Registry.of(Map.of("echo", "Echo")), Optional.empty(),
                new ReplyToken.Keys(Map.of(), null),
                java.time.Duration.ofDays(30), false, RouterConfig.InvalidTokenPolicy.FALLBACK, NO_CLOUDFLARE,
                java.time.Clock.systemUTC());
        assertEquals("Echo/t1", routed(r.resolve("Echo+T1@Store.TEST")));
        assertEquals("Echo/echo", routed(r.resolve("echo@agents.test")));
        assertEquals("domain-not-accepted", unroutable(r.resolve("echo@other.test")));
    }

    @Test
    void malformedAddressesAndInstancesAreRefused() {
        AddressResolver r = resolver("+", Optional.empty());
        assertEquals("bad-address", unroutable(r.resolve("no-at-sign")));
        assertEquals("bad-address", unroutable(r.resolve("@agents.test")));
        assertEquals("bad-address", unroutable(r.resolve("+t1@agents.test")));
        assertEquals("bad-instance", unroutable(r.resolve("echo+a/b@agents.test")));
    }
}
