package dev.mailroom.egress.dkim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.contract.DomainRecord;
import dev.mailroom.mail.crypto.MasterKey;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.SealedDkimKeys;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.platform.table.DomainTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The DKIM keys that sign each domain's mail: the stored domains' signing keys as the api publishes them on
 * {@code mailroom.domains} (platform's {@link DomainTable}; sealed under the master key, opened here with the same
 * {@code mailroom.deliverability.master-key}, ADR 0033), plus the keys configured as PEM files
 * ({@link ConfiguredDkimKeys}) for selectors the store does not have: a stored key wins over a configured key of the
 * same selector, as before. Opened keys are cached per record (a new record of the domain opens its keys again).
 * Also answers whether a stored domain may send: what its record says, and not when a signing key cannot be opened.
 * Thread-safe; never blocks after start (the table is in memory).
 */
@ApplicationScoped
public class PublishedDkimKeys implements SigningKeySource {

    /** How long the start waits for {@code mailroom.domains} to be read once before signing anything. */
    static final Duration LOAD_WAIT = Duration.ofSeconds(30);

    /**
     * What the domain store says of one domain, with its keys opened.
     *
     * @param name     lower-case A-label
     * @param refusal  why the store refuses its mail (DKIM not verified where required), or null
     * @param signing  the keys that sign its mail (those that could be opened), ed25519 first
     * @param unusable DNS names of signing keys whose private key cannot be opened (no or another master key)
     */
    public record DomainState(String name, String refusal, List<DkimKey> signing, List<String> unusable) {

        /** Whether it may send: the store allows it and every signing key opens (never unsigned in their place). */
        public boolean maySend() {
            return refusal == null && unusable.isEmpty();
        }
    }

    private record Opened(DomainRecord record, DomainState state) {
    }

    private final DomainTable table;
    private final ConfiguredDkimKeys configured;
    private final MasterKeys masterKeys;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    /** Keys already reported as not openable (reported once, not at every record). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public PublishedDkimKeys(DomainTable table, ConfiguredDkimKeys configured, MasterKeys masterKeys) {
        this.table = table;
        this.configured = configured;
        this.masterKeys = masterKeys;
    }

    /** The keys that sign mail from {@code domain}: stored signing keys, then configured ones; empty: unsigned. */
    @Override
    public List<DkimKey> keysFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        List<DkimKey> fromConfig = configured.keysFor(d);
        Optional<DomainState> s = domain(d);
        if (s.isEmpty()) {
            return fromConfig;
        }
        List<DkimKey> out = new ArrayList<>(s.get().signing());
        fromConfig.stream().filter(c -> out.stream().noneMatch(k -> k.selector().equals(c.selector())))
                .forEach(out::add);
        return out;
    }

    /** The stored domain {@code domain} (any case), if {@code mailroom.domains} has it. */
    public Optional<DomainState> domain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Optional<DomainRecord> record = table.table().get(d).filter(DomainRecord::accepted);
        if (record.isEmpty()) {
            opened.remove(d);
            return Optional.empty();
        }
        DomainRecord r = record.get();
        Opened cached = opened.get(d);
        if (cached != null && cached.record() == r) {
            return Optional.of(cached.state());
        }
        DomainState state = open(r);
        opened.put(d, new Opened(r, state));
        return Optional.of(state);
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        masterKeys.key(); // a malformed master key stops the start
        if (table.table().awaitLoaded(LOAD_WAIT)) {
            Log.infof("domain store read from mailroom.domains domains=%d", table.domains().size());
        } else {
            Log.warnf("mailroom.domains not read within %s: stored domains' mail is signed with their keys once it"
                    + " is (configured keys meanwhile)", LOAD_WAIT);
        }
    }

    private DomainState open(DomainRecord r) {
        List<DkimKey> signing = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (DomainRecord.DkimKeyRecord k : r.signingKeys()) {
            DkimKey key = open(r.name(), k);
            if (key != null) {
                signing.add(key);
            } else {
                unusable.add(k.selector() + "._domainkey." + r.name());
            }
        }
        // ed25519 first: receivers that know it stop there; rsa stays for the others (RFC 8463 §6)
        signing.sort(java.util.Comparator.comparing(k -> k.algorithm() == DkimKey.Algorithm.ED25519_SHA256 ? 0 : 1));
        return new DomainState(r.name(), r.refusal(), List.copyOf(signing), List.copyOf(unusable));
    }

    private DkimKey open(String domain, DomainRecord.DkimKeyRecord k) {
        String id = domain + "/" + k.selector() + ":" + k.sealedPrivateKey();
        Optional<MasterKey> master = masterKeys.key();
        if (master.isEmpty()) {
            if (reported.add(id)) {
                Log.warnf("dkim key not usable domain=%s selector=%s: no mailroom.deliverability.master-key"
                        + " configured (the domain's mail is refused at POST /v1/send; spooled mail goes out without"
                        + " this signature)", domain, k.selector());
            }
            return null;
        }
        try {
            return SealedDkimKeys.open(master.get(), domain, k.selector(), k.sealedPrivateKey());
        } catch (MasterKey.SealException e) {
            if (reported.add(id)) {
                Log.errorf("dkim key not usable domain=%s selector=%s: %s (is mailroom.deliverability.master-key"
                        + " the api's key?)", domain, k.selector(), e.getMessage());
            }
            return null;
        }
    }
}
