package dev.mailroom.egress.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.config.EgressConfig;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import io.quarkus.logging.Log;

/**
 * DKIM keys from configuration ({@code mailroom.egress.dkim."<domain>".<selector>=<PEM file>}), loaded once at
 * start; a missing or unreadable file stops the start. Kept beside the domain store: {@link PublishedDkimKeys}
 * adds them to a domain's stored keys (or uses them alone).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ConfiguredDkimKeys implements SigningKeySource {

    private final Map<String, List<DkimKey>> byDomain = new HashMap<>();

    public ConfiguredDkimKeys(EgressConfig config) {
        config.dkim().forEach((domain, selectors) -> selectors.forEach((selector, file) -> {
            try {
                DkimKey key = DkimKeys.fromPem(domain.toLowerCase(Locale.ROOT), selector,
                        Files.readString(Path.of(file)));
                byDomain.computeIfAbsent(key.domain(), d -> new ArrayList<>()).add(key);
                Log.infof("dkim key loaded domain=%s selector=%s algorithm=%s", key.domain(), selector,
                        key.algorithm().tag());
            } catch (IOException e) {
                throw new UncheckedIOException("DKIM key file of " + domain + "/" + selector + ": " + file, e);
            }
        }));
        // ed25519 first: receivers that know it stop there; rsa stays for the others (RFC 8463 §6)
        byDomain.values().forEach(list -> list.sort(Comparator.comparing(k -> k.algorithm().ordinal() * -1)));
    }

    /** The keys that sign mail from {@code domain}; empty when it has none (mail goes out unsigned). */
    @Override
    public List<DkimKey> keysFor(String domain) {
        return byDomain.getOrDefault(domain.toLowerCase(Locale.ROOT), List.of());
    }
}
