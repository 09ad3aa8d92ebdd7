package dev.mailroom.egress.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.egress.config.DeliverabilityConfig;
import dev.mailroom.egress.dkim.ConfiguredDkimKeys;
import dev.mailroom.egress.dkim.SigningKeySource;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import dev.mailroom.egress.model.Domain;
import dev.mailroom.egress.model.DomainKey;
import dev.mailroom.egress.repository.DomainKeyRepository;
import dev.mailroom.egress.repository.DomainRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The DKIM keys that sign each domain's mail: the stored domains' signing keys ({@link SigningKeys}), decrypted once
 * and held in memory, plus the keys configured as PEM files ({@link ConfiguredDkimKeys}) for selectors the store
 * does not have. Reloaded after every change this process makes, and on a timer for changes made by other replicas
 * ({@code mailroom.deliverability.key-refresh}). Also answers whether a stored domain may send yet.
 */
@ApplicationScoped
public class DkimKeyStore implements SigningKeySource {

    /**
     * What the store knows of one domain.
     *
     * @param name                lower-case A-label
     * @param requireVerifiedDkim whether it must have verified DKIM to send
     * @param dkimVerified        every signing key's record was found in DNS
     * @param signing             the keys that sign its mail (those that could be decrypted)
     * @param unverified          DNS names of signing keys whose record was not (yet) found
     * @param unusable            DNS names of signing keys whose private key cannot be decrypted (no or another
     *                            master key)
     */
    public record DomainState(String name, boolean requireVerifiedDkim, boolean dkimVerified, List<DkimKey> signing,
            List<String> unverified, List<String> unusable) {

        /** Whether it may send: verified DKIM with every signing key usable, or no verification required. */
        public boolean maySend() {
            return !requireVerifiedDkim || (dkimVerified && unusable.isEmpty());
        }
    }

    private final DomainRepository domains;
    private final DomainKeyRepository keys;
    private final ConfiguredDkimKeys configured;
    private final MasterKeys masterKeys;
    private final DeliverabilityConfig config;
    /** Decrypted keys by row id and sealed value (a key row never changes but for its erasure at retirement). */
    private final Map<String, DkimKey> decrypted = new ConcurrentHashMap<>();
    /** Keys already reported as not decryptable (reported once, not at every reload). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile Map<String, DomainState> state = Map.of();

    public DkimKeyStore(DomainRepository domains, DomainKeyRepository keys, ConfiguredDkimKeys configured,
            MasterKeys masterKeys, DeliverabilityConfig config) {
        this.domains = domains;
        this.keys = keys;
        this.configured = configured;
        this.masterKeys = masterKeys;
        this.config = config;
    }

    /** The keys that sign mail from {@code domain}: stored signing keys, then configured ones; empty: unsigned. */
    @Override
    public List<DkimKey> keysFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        DomainState s = state.get(d);
        List<DkimKey> fromConfig = configured.keysFor(d);
        if (s == null) {
            return fromConfig;
        }
        List<DkimKey> out = new ArrayList<>(s.signing());
        fromConfig.stream().filter(c -> out.stream().noneMatch(k -> k.selector().equals(c.selector())))
                .forEach(out::add);
        return out;
    }

    /** The stored domain {@code domain}, if the store has it. */
    public Optional<DomainState> domain(String domain) {
        return Optional.ofNullable(state.get(domain.toLowerCase(Locale.ROOT)));
    }

    /** Reads every domain and usable key again; call it after a change (it completes once the new state is live). */
    public Uni<Void> reload() {
        return Panache.withSession(() -> domains.listAll().chain(ds -> keys.usable().map(ks -> build(ds, ks))))
                .invoke(next -> state = next).replaceWithVoid();
    }

    void start(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(this::reload);
            Log.infof("domain store loaded domains=%d", state.size());
        } catch (Throwable e) {
            Log.warnf("domain store not loaded at start (retried every %s): %s", config.keyRefresh(), e.toString());
        }
    }

    @Scheduled(every = "${mailroom.deliverability.key-refresh:30s}", delayed = "${mailroom.deliverability.key-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return reload().onFailure().recoverWithUni(e -> {
            Log.warnf("domain store not reloaded: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private Map<String, DomainState> build(List<Domain> domainRows, List<DomainKey> keyRows) {
        Map<String, List<DomainKey>> byDomain = new HashMap<>();
        keyRows.forEach(k -> byDomain.computeIfAbsent(k.domain, d -> new ArrayList<>()).add(k));
        Map<String, DomainState> next = new HashMap<>();
        for (Domain d : domainRows) {
            List<DomainKey> chosen = SigningKeys.choose(byDomain.getOrDefault(d.name, List.of()));
            List<DkimKey> signing = new ArrayList<>();
            List<String> unusable = new ArrayList<>();
            for (DomainKey k : chosen) {
                DkimKey key = decrypt(k);
                if (key != null) {
                    signing.add(key);
                } else {
                    unusable.add(k.selector + "._domainkey." + k.domain);
                }
            }
            List<String> unverified = chosen.stream().filter(k -> k.publishedAt == null)
                    .map(k -> k.selector + "._domainkey." + k.domain).toList();
            boolean require = d.requireVerifiedDkim != null ? d.requireVerifiedDkim : config.requireVerifiedDkim();
            next.put(d.name, new DomainState(d.name, require, SigningKeys.verified(chosen), List.copyOf(signing),
                    unverified, List.copyOf(unusable)));
        }
        return Map.copyOf(next);
    }

    private DkimKey decrypt(DomainKey k) {
        String cacheKey = k.id + ":" + k.privateKey;
        DkimKey cached = decrypted.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Optional<MasterKey> master = masterKeys.key();
        if (master.isEmpty()) {
            if (reported.add(cacheKey)) {
                Log.warnf("dkim key not usable domain=%s selector=%s: no mailroom.deliverability.master-key"
                        + " configured (mail goes out without this signature)", k.domain, k.selector);
            }
            return null;
        }
        try {
            byte[] pem = master.get().open(k.privateKey, DomainKey.sealContext(k.domain, k.selector));
            DkimKey key = DkimKeys.fromPem(k.domain, k.selector, new String(pem, StandardCharsets.US_ASCII));
            decrypted.put(cacheKey, key);
            return key;
        } catch (MasterKey.SealException | IllegalArgumentException e) {
            if (reported.add(cacheKey)) {
                Log.errorf("dkim key not usable domain=%s selector=%s: %s (is mailroom.deliverability.master-key"
                        + " the key it was created with?)", k.domain, k.selector, e.getMessage());
            }
            return null;
        }
    }
}
