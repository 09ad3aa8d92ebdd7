package dev.mailroom.egress.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Authentication;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimSigner;
import dev.mailroom.mail.dkim.DkimVerifier;
import dev.mailroom.mail.dns.InMemoryDnsResolver;

/**
 * What every {@link SigningKeySource} does, as tests (James-style contract): an implementation's test implements
 * this interface once, with one domain its source has an rsa and an ed25519 key for, and inherits every test.
 */
public interface SigningKeySourceContract {

    /** The source under test. */
    SigningKeySource source();

    /** A lower-case domain the source has keys for (one rsa, one ed25519). */
    String domain();

    /** The DKIM records published for {@link #domain()}'s keys: DNS name to TXT value. */
    Map<String, String> publishedRecords();

    @Test
    default void aKnownDomainsKeysComeWithTheirSelectorsEd25519First() {
        List<DkimKey> keys = source().keysFor(domain());
        assertEquals(2, keys.size(), "one rsa and one ed25519 key");
        assertEquals(DkimKey.Algorithm.ED25519_SHA256, keys.get(0).algorithm());
        assertEquals(DkimKey.Algorithm.RSA_SHA256, keys.get(1).algorithm());
        for (DkimKey key : keys) {
            assertEquals(domain(), key.domain());
            assertTrue(publishedRecords().containsKey(key.dnsName()), "selector " + key.selector() + " is published");
        }
    }

    @Test
    default void theDomainIsFoundWhateverItsCase() {
        Set<String> selectors = source().keysFor(domain()).stream().map(DkimKey::selector).collect(Collectors.toSet());
        assertFalse(selectors.isEmpty());
        assertEquals(selectors, source().keysFor(domain().toUpperCase(Locale.ROOT)).stream().map(DkimKey::selector)
                .collect(Collectors.toSet()));
    }

    @Test
    default void anUnknownDomainHasNoKeys() {
        assertEquals(List.of(), source().keysFor("unknown-" + domain()));
        assertEquals(List.of(), source().keysFor("sub." + domain()), "a subdomain is another domain");
    }

    @Test
    default void itsKeysSignAMessageThatVerifiesAgainstThePublishedRecords() {
        byte[] message = ("From: App <app@" + domain() + ">\r\nTo: ann@accept.test\r\nSubject: contract\r\n"
                + "Date: Mon, 07 Dec 2026 04:00:00 +0000\r\nMessage-ID: <c1@" + domain() + ">\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new DkimSigner(Clock.systemUTC()).sign(message, source().keysFor(domain()));
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        publishedRecords().forEach((name, value) -> dns.add(name, "TXT", value));
        List<Authentication.Dkim> results = new DkimVerifier(dns, Clock.systemUTC()).verify(signed);
        assertEquals(2, results.size(), results::toString);
        for (Authentication.Dkim result : results) {
            assertEquals("pass", result.result(), result::toString);
            assertEquals(domain(), result.domain());
        }
    }
}
