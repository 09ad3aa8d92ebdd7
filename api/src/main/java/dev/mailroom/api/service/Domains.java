package dev.mailroom.api.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.mailroom.api.config.DeliverabilityConfig;
import dev.mailroom.api.domain.DnsPublisher;
import dev.mailroom.api.domain.DnsRecord;
import dev.mailroom.api.domain.DnsRecords;
import dev.mailroom.api.domain.DomainVerifier;
import dev.mailroom.api.domain.Selectors;
import dev.mailroom.api.domain.SigningKeys;
import dev.mailroom.api.messaging.DomainEvents;
import dev.mailroom.api.messaging.DomainPublisher;
import dev.mailroom.contract.DomainRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.mail.crypto.MasterKey;
import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.mail.dkim.DkimKeys;
import dev.mailroom.mail.dkim.SealedDkimKeys;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.platform.table.DomainTable;
import dev.mailroom.api.model.Domain;
import dev.mailroom.api.model.DomainKey;
import dev.mailroom.api.repository.DomainKeyRepository;
import dev.mailroom.api.repository.DomainRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The domain store: sending domains with their DKIM keys (generated here, sealed under the master key), the DNS
 * records they must publish, verification of those records, key rotation and retirement. Every change is published
 * to {@code mailroom.domains} before it is answered: whether the domain is accepted (ingress, router), whether it may
 * send and the keys that sign its mail, sealed (egress-sender signs with them; ADR 0033).
 */
@ApplicationScoped
public class Domains {

    /** The domain already exists. */
    public static final class DomainExists extends RuntimeException {
        public DomainExists(String name) {
            super(name + " already exists", null, false, false);
        }
    }

    /** No master key is configured: keys cannot be sealed. */
    public static final class NoMasterKey extends RuntimeException {
        public NoMasterKey() {
            super("no master key", null, false, false);
        }
    }

    /** The domain has no RFC 2136 publication configured. */
    public static final class NotConfigured extends RuntimeException {
        public NotConfigured(String name) {
            super(name + " has no DNS UPDATE configuration", null, false, false);
        }
    }

    /** The DNS server refused the publication or could not be reached; the message is for the client. */
    public static final class PublicationFailed extends RuntimeException {
        public PublicationFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Where a domain's records are published by RFC 2136 UPDATE.
     *
     * @param server       authoritative server {@code host:port}
     * @param zone         zone apex (the domain or a parent)
     * @param keyName      TSIG key name
     * @param keyAlgorithm TSIG algorithm ({@link DnsPublisher#ALGORITHMS})
     * @param secret       TSIG secret, raw bytes
     */
    public record DnsUpdate(String server, String zone, String keyName, String keyAlgorithm, byte[] secret) {
    }

    /**
     * The outcome of a publication.
     *
     * @param status  {@code changed} (an UPDATE was sent and accepted), {@code unchanged} (nothing sent), {@code failed}
     * @param changes what was sent
     * @param error   why it failed
     * @param at      when
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public record Publication(String status, List<DnsPublisher.Change> changes, String error, Instant at) {
    }

    /** A domain and its keys (every status), oldest key first. */
    public record Details(Domain domain, List<DomainKey> keys) {

        /** The keys that are published (active and retiring). */
        public List<DomainKey> published() {
            return keys.stream().filter(k -> !DomainKey.RETIRED.equals(k.status)).toList();
        }
    }

    private static final TypeReference<List<DomainVerifier.Check>> CHECKS = new TypeReference<>() { };

    private final DomainRepository domains;
    private final DomainKeyRepository keys;
    private final MasterKeys masterKeys;
    private final DomainPublisher publisher;
    private final DomainTable table;
    private final DeliverabilityConfig config;
    private final DnsRecords records;
    private final DomainVerifier verifier;
    private final DomainEvents events;
    private final DnsPublisher dnsPublisher;

    public Domains(DomainRepository domains, DomainKeyRepository keys, MasterKeys masterKeys,
            DomainPublisher publisher, DomainTable table, DeliverabilityConfig config, DomainEvents events) {
        this.events = events;
        this.domains = domains;
        this.keys = keys;
        this.masterKeys = masterKeys;
        this.publisher = publisher;
        this.table = table;
        this.config = config;
        this.records = new DnsRecords(new DnsRecords.Settings(config.mxHost(),
                config.mxPriority(), config.spfMechanisms(), config.spfAll(), config.dmarcPolicy(),
                config.dmarcRua(), config.mtaStsId(), config.tlsRptRua(), config.ttl()));
        this.verifier = new DomainVerifier(config.dnsResolver(), config.dnsTimeout());
        this.dnsPublisher = new DnsPublisher(config.dnsTimeout().multipliedBy(2));
    }

    /** A malformed master key stops the start (an absent one only disables creating and rotating keys). */
    void start(@Observes StartupEvent event) {
        masterKeys.key();
    }

    public DnsRecords records() {
        return records;
    }

    /**
     * Why mail from {@code domain} may not be sent, or empty when it may as far as the domain store is concerned:
     * a stored domain whose DKIM is not verified where required (its record on {@code mailroom.domains} says so).
     * Domains the store does not have are not its concern (empty): whether they are served at all is the
     * caller's rule. Reads the in-memory table: never blocks, safe on an event loop. Until the table has read
     * {@code mailroom.domains} once, it may answer empty for a domain that is refused there.
     */
    public java.util.Optional<String> sendingRefusal(String domain) {
        return table.table().get(domain).map(DomainRecord::refusal);
    }

    /** Whether {@code domain} is on {@code mailroom.domains} (any case) as an accepted domain of the store. */
    public boolean stored(String domain) {
        return table.accepts(domain);
    }

    /** The records {@code details} must publish. */
    public List<DnsRecord> recordsOf(Details details) {
        return records.records(details.domain().name, details.published().stream()
                .map(k -> new DnsRecords.Key(k.selector, k.publicRecord)).toList());
    }

    /** The last verification's results of {@code domain} (empty before the first). */
    public static List<DomainVerifier.Check> lastChecks(Domain domain) {
        if (domain.verification == null || domain.verification.isBlank()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(domain.verification, CHECKS);
        } catch (JsonProcessingException e) {
            Log.warnf("unreadable verification of %s: %s", domain.name, e.getOriginalMessage());
            return List.of();
        }
    }

    /** Whether the domain must have verified DKIM to send. */
    public boolean requiresVerifiedDkim(Domain domain) {
        return domain.requireVerifiedDkim != null ? domain.requireVerifiedDkim : config.requireVerifiedDkim();
    }

    /**
     * Creates {@code name} (normalised) with an RSA-2048 and an Ed25519 key, publishes it for ingress.
     *
     * @throws NoMasterKey (as a failure) when no master key is configured
     * @throws DomainExists (as a failure) when it exists
     */
    public Uni<Details> create(String name, Boolean requireVerifiedDkim) {
        MasterKey master = masterKeys.key().orElseThrow(NoMasterKey::new);
        Instant now = Instant.now();
        return onWorker(() -> newKeys(master, name, now, Set.of()))
                .chain(newKeys -> Panache.withTransaction(() -> domains.findById(name).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new DomainExists(name));
                    }
                    Domain d = new Domain();
                    d.name = name;
                    d.requireVerifiedDkim = requireVerifiedDkim;
                    d.createdAt = now;
                    d.updatedAt = now;
                    return domains.persist(d).chain(() -> keys.persist(newKeys))
                            .replaceWith(() -> new Details(d, new ArrayList<>(newKeys)));
                })))
                .onFailure(Domains::isUniqueViolation).transform(e -> new DomainExists(name))
                .call(details -> announce(details))
                .invoke(details -> Log.infof("domain created name=%s selectors=%s", name,
                        details.keys().stream().map(k -> k.selector).toList()));
    }

    /** Every domain with its keys, by name. */
    public Uni<List<Details>> list() {
        return page(null, null, Integer.MAX_VALUE);
    }

    /**
     * Up to {@code limit} domains named after {@code after} (null: from the first), by name, with their keys;
     * {@code only} (null: every domain) restricts them to those names.
     */
    public Uni<List<Details>> page(String after, Collection<String> only, int limit) {
        return Panache.withSession(() -> domains.page(after, only, limit).chain(ds -> ds.isEmpty()
                ? Uni.createFrom().item(List.<Details>of())
                : keys.ofDomains(ds.stream().map(d -> d.name).toList()).map(ks -> {
                    Map<String, List<DomainKey>> byDomain = new HashMap<>();
                    ks.forEach(k -> byDomain.computeIfAbsent(k.domain, x -> new ArrayList<>()).add(k));
                    return ds.stream().map(d -> new Details(d, byDomain.getOrDefault(d.name, List.of()))).toList();
                })));
    }

    /** The domain, or null. */
    public Uni<Details> get(String name) {
        return Panache.withSession(() -> details(name));
    }

    /** Removes the domain and its keys, publishes its tombstone; false when there is no such domain. */
    public Uni<Boolean> delete(String name) {
        return Panache.withTransaction(() -> domains.findById(name).chain(d -> d == null ? Uni.createFrom().item(false)
                : keys.deleteOfDomain(name).chain(() -> domains.delete(d)).replaceWith(true)))
                .call(deleted -> deleted ? publisher.remove(name).onFailure().recoverWithUni(e -> {
                    Log.errorf("tombstone of domain %s not published (ingress keeps accepting it until the"
                            + " topic is corrected): %s", name, e.toString());
                    return Uni.createFrom().voidItem();
                }) : Uni.createFrom().voidItem())
                .invoke(deleted -> {
                    if (deleted) {
                        Log.infof("domain deleted name=%s", name);
                    }
                });
    }

    /**
     * New RSA and Ed25519 keys with new selectors become active; the active ones become retiring (still published;
     * they sign until the new records are seen in DNS). Null when there is no such domain.
     */
    public Uni<Details> rotate(String name) {
        MasterKey master = masterKeys.key().orElseThrow(NoMasterKey::new);
        Instant now = Instant.now();
        return Panache.withSession(() -> details(name)).chain(current -> {
            if (current == null) {
                return Uni.createFrom().nullItem();
            }
            Set<String> taken = new HashSet<>(current.keys().stream().map(k -> k.selector).toList());
            return onWorker(() -> newKeys(master, name, now, taken)).chain(newKeys -> Panache.withTransaction(
                    () -> keys.ofDomain(name).chain(existing -> {
                        for (DomainKey k : existing) {
                            if (DomainKey.ACTIVE.equals(k.status)) {
                                k.status = DomainKey.RETIRING;
                                k.retiringAt = now;
                            }
                        }
                        return keys.persist(newKeys).chain(() -> keys.ofDomain(name));
                    }).chain(all -> domains.findById(name).invoke(d -> {
                        d.dkimVerified = SigningKeys.verified(SigningKeys.choose(all));
                        d.updatedAt = now;
                    }))))
                    .call(() -> publishIfConfigured(name))
                    .chain(() -> get(name))
                    .call(this::announce)
                    .invoke(d -> Log.infof("dkim keys rotated domain=%s new=%s", name,
                            d.published().stream().filter(k -> DomainKey.ACTIVE.equals(k.status))
                                    .map(k -> k.selector).toList()));
        });
    }

    /** Looks the domain's records up in DNS and records the result; null when there is no such domain. */
    public Uni<Details> verify(String name) {
        return Panache.withSession(() -> details(name)).chain(current -> {
            if (current == null) {
                return Uni.createFrom().nullItem();
            }
            List<DnsRecord> expected = recordsOf(current);
            List<DomainVerifier.Check> previous = lastChecks(current.domain());
            Instant previousAt = current.domain().verifiedAt;
            boolean wasVerified = current.domain().dkimVerified;
            return onWorker(() -> verifier.verify(expected)).chain(checks -> record(name, checks)
                    .chain(() -> get(name))
                    .call(this::announce)
                    .call(() -> events.publishAll(broken(name, previous, previousAt, checks)))
                    .call(d -> events.publishAll(verified(name, wasVerified, d)))
                    .invoke(d -> Log.infof("domain verified name=%s dkimVerified=%s %s", name,
                            d == null ? null : d.domain().dkimVerified, summary(checks))));
        });
    }

    /**
     * Looks up again every domain not verified since {@code before} (never verified ones included, so a newly
     * published domain becomes able to send by itself); returns how many were verified.
     */
    public Uni<Integer> reverifyBefore(Instant before) {
        return Panache.withSession(() -> domains.list("verifiedAt is null or verifiedAt < ?1",
                io.quarkus.panache.common.Sort.by("name"), before)).chain(list -> {
                    Context context = Vertx.currentContext();
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Domain d : list) {
                        if (context != null) { // each verification starts on this context (sessions live there)
                            chain = chain.emitOn(task -> context.runOnContext(ignored -> task.run()));
                        }
                        chain = chain.chain(n -> verify(d.name).map(x -> n + 1).onFailure().recoverWithUni(e -> {
                            Log.warnf("re-verification of %s failed: %s", d.name, e.toString());
                            return Uni.createFrom().item(n);
                        }));
                    }
                    return chain;
                });
    }

    @Scheduled(every = "${mailroom.deliverability.reverify-interval:6h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reverify() {
        return reverifyBefore(Instant.now().minus(config.reverifyInterval()).plusSeconds(60)).replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("re-verification round failed: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * A {@code domain.verified} event when this verification made the domain verified (its DKIM found in DNS, so it
     * may send) and it was not before; the id holds the verification time.
     */
    static List<MailroomEvent> verified(String domain, boolean wasVerified, Details now) {
        if (wasVerified || now == null || !now.domain().dkimVerified) {
            return List.of();
        }
        Instant at = now.domain().verifiedAt;
        return List.of(DomainEvents.event("domain.verified", domain, at == null ? "0" : Long.toString(at.toEpochMilli()),
                Map.of("domain", domain, "dkimVerified", "true")));
    }

    /**
     * A {@code domain.record-broken} event for every record that the previous verification found and this one
     * finds missing or different. The event id holds the previous verification time, so replicas that both notice
     * the same breakage emit the same id.
     */
    static List<MailroomEvent> broken(String domain, List<DomainVerifier.Check> previous, Instant previousAt,
            List<DomainVerifier.Check> now) {
        List<MailroomEvent> out = new ArrayList<>();
        for (DomainVerifier.Check c : now) {
            if (!DomainVerifier.MISSING.equals(c.status()) && !DomainVerifier.DIFFERENT.equals(c.status())) {
                continue;
            }
            boolean wasFound = previous.stream().anyMatch(p -> p.name().equals(c.name()) && p.type().equals(c.type())
                    && p.value().equals(c.value()) && DomainVerifier.FOUND.equals(p.status()));
            if (!wasFound) {
                continue;
            }
            Map<String, String> detail = new java.util.LinkedHashMap<>();
            detail.put("domain", domain);
            detail.put("purpose", c.purpose());
            detail.put("name", c.name());
            detail.put("type", c.type());
            detail.put("status", c.status());
            if (c.found() != null && !c.found().isEmpty()) {
                String found = String.join(" | ", c.found());
                detail.put("found", found.length() > 300 ? found.substring(0, 300) + "..." : found);
            }
            if (c.detail() != null) {
                detail.put("detail", c.detail());
            }
            out.add(DomainEvents.event("domain.record-broken", domain, c.purpose() + ":" + c.name() + ":"
                    + (previousAt == null ? 0 : previousAt.toEpochMilli()), detail));
        }
        return out;
    }

    /** Stores a verification: the results, each key's publication, whether DKIM is verified. */
    private Uni<Void> record(String name, List<DomainVerifier.Check> checks) {
        return Panache.withTransaction(() -> keys.ofDomain(name).chain(all -> {
            Instant now = Instant.now();
            Map<String, String> dkimStatus = new HashMap<>();
            checks.stream().filter(c -> c.purpose().equals(DnsRecord.Purpose.DKIM.tag()))
                    .forEach(c -> dkimStatus.put(c.name(), c.status()));
            for (DomainKey k : all) {
                String status = dkimStatus.get(k.selector + "._domainkey." + k.domain);
                if (DomainVerifier.FOUND.equals(status)) {
                    k.publishedAt = k.publishedAt != null ? k.publishedAt : now;
                } else if (DomainVerifier.MISSING.equals(status) || DomainVerifier.DIFFERENT.equals(status)) {
                    k.publishedAt = null;
                }
            }
            return domains.findById(name).invoke(d -> {
                if (d != null) {
                    d.verification = new String(Json.encode(checks), StandardCharsets.UTF_8);
                    d.verifiedAt = now;
                    d.dkimVerified = SigningKeys.verified(SigningKeys.choose(all));
                }
            });
        })).replaceWithVoid();
    }

    /** Retires keys that have been retiring for {@code mailroom.deliverability.retire-after}. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> retireKeys() {
        return retireBefore(Instant.now().minus(config.retireAfter()));
    }

    /** Retires keys retiring since before {@code before}: unpublished, private key erased, never signing again. */
    public Uni<Void> retireBefore(Instant before) {
        return Panache.withTransaction(() -> keys.retiringBefore(before).chain(list -> {
            Instant now = Instant.now();
            Set<String> affected = new HashSet<>();
            for (DomainKey k : list) {
                k.status = DomainKey.RETIRED;
                k.retiredAt = now;
                k.privateKey = "";
                affected.add(k.domain);
                Log.infof("dkim key retired domain=%s selector=%s", k.domain, k.selector);
            }
            return recomputeVerified(affected, now).replaceWith(affected);
        })).chain(affected -> {
            if (affected.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String name : affected) {
                chain = chain.call(() -> publishIfConfigured(name)).call(() -> get(name).call(this::announce));
            }
            return chain;
        });
    }

    /**
     * Sets the RFC 2136 publication of {@code name} (the TSIG secret sealed under the master key) and publishes at
     * once; null when there is no such domain.
     */
    public Uni<Details> configureDnsUpdate(String name, DnsUpdate update) {
        MasterKey master = masterKeys.key().orElseThrow(NoMasterKey::new);
        return Panache.withTransaction(() -> domains.findById(name).invoke(d -> {
            if (d != null) {
                d.dnsUpdateServer = update.server();
                d.dnsUpdateZone = update.zone();
                d.dnsUpdateKeyName = update.keyName();
                d.dnsUpdateKeyAlgorithm = update.keyAlgorithm();
                d.dnsUpdateKeySecret = master.seal(update.secret(), Domain.tsigSealContext(name));
                d.publication = null;
                d.publishedAt = null;
                d.updatedAt = Instant.now();
            }
        })).chain(d -> d == null ? Uni.createFrom().<Details>nullItem()
                : publishIfConfigured(name).chain(() -> get(name)));
    }

    /** Removes the RFC 2136 publication of {@code name} (the records stay where they are); false: no such domain. */
    public Uni<Boolean> removeDnsUpdate(String name) {
        return Panache.withTransaction(() -> domains.findById(name).map(d -> {
            if (d == null) {
                return false;
            }
            d.dnsUpdateServer = null;
            d.dnsUpdateZone = null;
            d.dnsUpdateKeyName = null;
            d.dnsUpdateKeyAlgorithm = null;
            d.dnsUpdateKeySecret = null;
            d.updatedAt = Instant.now();
            return true;
        }));
    }

    /**
     * Publishes the domain's records to its authoritative server (RFC 2136, TSIG), sending only what differs; null
     * when there is no such domain.
     *
     * @throws NotConfigured (as a failure) when the domain has no DNS UPDATE configuration
     * @throws PublicationFailed (as a failure) when the server refused or could not be reached (also recorded)
     */
    public Uni<Publication> publish(String name) {
        return Panache.withSession(() -> details(name)).chain(current -> {
            if (current == null) {
                return Uni.createFrom().nullItem();
            }
            Domain d = current.domain();
            if (d.dnsUpdateServer == null) {
                return Uni.createFrom().failure(new NotConfigured(name));
            }
            MasterKey master = masterKeys.key().orElseThrow(NoMasterKey::new);
            byte[] secret;
            try {
                secret = master.open(d.dnsUpdateKeySecret, Domain.tsigSealContext(name));
            } catch (MasterKey.SealException e) {
                return Uni.createFrom().failure(new PublicationFailed("the TSIG secret cannot be decrypted: "
                        + e.getMessage()));
            }
            DnsPublisher.Target target = new DnsPublisher.Target(d.dnsUpdateServer, d.dnsUpdateZone,
                    d.dnsUpdateKeyName, d.dnsUpdateKeyAlgorithm, secret);
            List<DnsRecord> expected = recordsOf(current);
            List<String> retired = current.keys().stream().filter(k -> DomainKey.RETIRED.equals(k.status))
                    .map(k -> k.selector + "._domainkey." + k.domain).toList();
            int ttl = records.settings().ttl();
            return onWorker(() -> {
                try {
                    List<DnsPublisher.Change> changes = dnsPublisher.publish(target, expected, retired, ttl);
                    return new Publication(changes.isEmpty() ? "unchanged" : "changed", changes, null, Instant.now());
                } catch (DnsPublisher.PublishException e) {
                    return new Publication("failed", List.of(), e.getMessage(), Instant.now());
                }
            }).call(p -> Panache.withTransaction(() -> domains.findById(name).invoke(row -> {
                if (row != null) {
                    row.publication = new String(Json.encode(p), StandardCharsets.UTF_8);
                    row.publishedAt = p.at();
                }
            }))).invoke(p -> Log.infof("domain published name=%s server=%s status=%s changes=%d%s", name,
                    d.dnsUpdateServer, p.status(), p.changes().size(), p.error() == null ? "" : " error=" + p.error()))
                    .chain(p -> "failed".equals(p.status()) ? Uni.createFrom().failure(new PublicationFailed(p.error()))
                            : Uni.createFrom().item(p));
        });
    }

    /** {@link #publish} when the domain has a DNS UPDATE configuration; a failure is logged and recorded only. */
    private Uni<Void> publishIfConfigured(String name) {
        return publish(name).replaceWithVoid().onFailure(NotConfigured.class).recoverWithNull()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("domain %s not published: %s", name, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The last publication of {@code domain}, or null. */
    public static Publication lastPublication(Domain domain) {
        if (domain.publication == null || domain.publication.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readValue(domain.publication, Publication.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Publishes every domain again (at start and every {@code republish-interval}): heals a missed publication. */
    @Scheduled(every = "${mailroom.deliverability.republish-interval:10m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> republish() {
        return list().chain(list -> list.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(list.stream().map(this::announce).toList()).andCollectFailures().replaceWithVoid())
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("domains not republished: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * The record of {@code details} on {@code mailroom.domains}: accepted, whether it may send (and why not), its
     * signing keys sealed as they are stored. A failure is logged: the next republication heals it.
     */
    private Uni<Void> announce(Details details) {
        if (details == null) {
            return Uni.createFrom().voidItem();
        }
        return publisher.publish(record(details)).onFailure().recoverWithUni(e -> {
            Log.warnf("domain %s not yet on mailroom.domains (republished within %s): %s", details.domain().name,
                    config.republishInterval(), e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** What {@code mailroom.domains} says of {@code details} (ADR 0033). */
    public DomainRecord record(Details details) {
        Domain d = details.domain();
        List<DomainKey> signing = SigningKeys.choose(details.keys());
        String refusal = sendRefusal(d, signing);
        List<DomainRecord.DkimKeyRecord> keyRecords = signing.stream().map(k -> new DomainRecord.DkimKeyRecord(
                k.selector, k.algorithm, k.privateKey, k.publicRecord)).toList();
        return new DomainRecord(DomainRecord.VERSION, d.name, true, d.updatedAt, refusal == null, refusal,
                keyRecords);
    }

    /** Why {@code d} may not send with {@code signing} as its signing keys, or null when it may. */
    private String sendRefusal(Domain d, List<DomainKey> signing) {
        if (!requiresVerifiedDkim(d) || SigningKeys.verified(signing)) {
            return null;
        }
        List<String> unverified = signing.stream().filter(k -> k.publishedAt == null)
                .map(k -> k.selector + "._domainkey." + k.domain).toList();
        return d.name + " cannot send yet: the DKIM record(s) " + (unverified.isEmpty() ? "(none: the domain has no"
                + " signing key)" : String.join(", ", unverified)) + " were not found in DNS; publish the records of"
                + " GET /v1/domains/" + d.name + " and call POST /v1/domains/" + d.name + "/verify";
    }

    private Uni<Void> recomputeVerified(Collection<String> names, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String name : names) {
            chain = chain.chain(() -> keys.ofDomain(name).chain(all -> domains.findById(name).invoke(d -> {
                if (d != null) {
                    d.dkimVerified = SigningKeys.verified(SigningKeys.choose(all));
                    d.updatedAt = now;
                }
            }))).replaceWithVoid();
        }
        return chain;
    }

    private Uni<Details> details(String name) {
        return domains.findById(name).chain(d -> d == null ? Uni.createFrom().nullItem()
                : keys.ofDomain(name).map(ks -> new Details(d, ks)));
    }

    private static List<DomainKey> newKeys(MasterKey master, String domain, Instant now, Set<String> taken) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<DomainKey> out = new ArrayList<>();
        Set<String> used = new HashSet<>(taken);
        for (DkimKey.Algorithm algorithm : List.of(DkimKey.Algorithm.RSA_SHA256, DkimKey.Algorithm.ED25519_SHA256)) {
            String selector = Selectors.next(month, algorithm, used);
            used.add(selector);
            DkimKey key = DkimKeys.generate(domain, selector, algorithm);
            DomainKey row = new DomainKey();
            row.domain = domain;
            row.selector = selector;
            row.algorithm = algorithm.tag();
            row.privateKey = SealedDkimKeys.seal(master, key);
            row.publicRecord = key.dnsRecord();
            row.status = DomainKey.ACTIVE;
            row.createdAt = now;
            out.add(row);
        }
        return out;
    }

    private static String summary(List<DomainVerifier.Check> checks) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        checks.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return counts.toString();
    }

    /** Runs blocking or CPU-heavy work on a worker thread and comes back to the caller's Vert.x context. */
    private static <T> Uni<T> onWorker(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || (t.getMessage() != null && t.getMessage().contains("duplicate key"))) {
                return true;
            }
        }
        return false;
    }
}
