package dev.mailroom.agenthost.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.messaging.AgentRecordPublisher;
import dev.mailroom.agenthost.model.WebhookAgentRow;
import dev.mailroom.agenthost.repository.WebhookAgentSql;
import dev.mailroom.contract.AgentRecord;
import dev.mailroom.platform.table.AgentTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The agent registry this host owns (ADR 0024): every class it serves as an {@link AgentRecord} on the compacted
 * topic {@code mailroom.agents}, which the router (address name → class) and ingress (local parts accepted at RCPT)
 * read. The classes are those of code (agent beans), of configuration ({@code mailroom.webhooks."<Class>"}) and of the
 * database (webhook classes created through the REST API). At start and every
 * {@code mailroom.registry.republish-interval} it publishes each class whose record differs from the topic's, and a
 * tombstone for each class of the topic this host no longer has (a webhook class only once the database confirms it is
 * gone, so a class another process is creating is never removed).
 */
@ApplicationScoped
public class AgentDirectory {

    /** Where a class comes from. */
    public enum Source {
        CODE, CONFIGURATION, API
    }

    /** A class name: a letter, then letters, digits, {@code -} or {@code _}; at most 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    /** An address name: lower-case letters, digits, {@code . _ -}, starting and ending with a letter or digit. */
    public static final Pattern ADDRESS = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    private static final Duration LOAD_WAIT = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(15);

    private final AgentRegistry registry;
    private final StoredWebhookAgents stored;
    private final WebhookAgentSql sql;
    private final AgentTable table;
    private final AgentRecordPublisher publisher;
    private final AgentHostConfig config;
    private volatile boolean published;

    public AgentDirectory(AgentRegistry registry, StoredWebhookAgents stored, WebhookAgentSql sql, AgentTable table,
            AgentRecordPublisher publisher, AgentHostConfig config) {
        this.registry = registry;
        this.stored = stored;
        this.sql = sql;
        this.table = table;
        this.publisher = publisher;
        this.config = config;
    }

    /** Whether {@code address} is a valid address name (lower case already). */
    public static boolean validAddress(String address) {
        return ADDRESS.matcher(address).matches() && !address.contains("..");
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, String> owners = new HashMap<>();
        for (String c : registry.staticClasses()) {
            for (String a : addressesOf(c)) {
                if (!validAddress(a)) {
                    throw new IllegalStateException("address name '" + a + "' of class " + c + " is not valid");
                }
                String other = owners.putIfAbsent(a, c);
                if (other != null) {
                    throw new IllegalStateException("address name '" + a + "' is claimed by " + other + " and " + c);
                }
            }
        }
        // start waits a little for the first publication (readiness follows it); Kafka away, it goes on retrying
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        reconcile().onFailure().invoke(f -> Log.warnf("agent registry not published, retrying: %s", f.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(Long.MAX_VALUE)
                .subscribe().with(n -> {
                    published = true;
                    done.countDown();
                }, failure -> Log.errorf("agent registry not published: %s", failure.toString()));
        try {
            if (!done.await(START_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                Log.warnf("agent registry not published within %s (Kafka away?): not ready until it is", START_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this host's classes have been published once since it started (readiness). */
    public boolean published() {
        return published;
    }

    @Scheduled(every = "${mailroom.registry.republish-interval:10m}", delayed = "${mailroom.registry.republish-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> republish() {
        return reconcile().replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf("agent registry republication failed: %s", f.toString()))
                .onFailure().recoverWithNull();
    }

    /** The address names of a class of code or configuration: configured, else its name in lower case. */
    public List<String> addressesOf(String staticClass) {
        AgentHostConfig.AgentClassConfig c = config.agents().get(staticClass);
        List<String> configured = c == null ? List.of() : c.addresses().orElse(List.of());
        return configured.isEmpty() ? List.of(staticClass.toLowerCase(Locale.ROOT))
                : configured.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** Where {@code name} comes from, when this host has it. */
    public Optional<Source> source(String name) {
        if (registry.staticClasses().contains(name)) {
            return Optional.of(registry.configuredWebhook(name) ? Source.CONFIGURATION : Source.CODE);
        }
        return stored.row(name).map(r -> Source.API);
    }

    /** The record of a class this host has. */
    public Optional<AgentRecord> record(String name) {
        if (registry.staticClasses().contains(name)) {
            return Optional.of(staticRecord(name));
        }
        return stored.row(name).map(AgentDirectory::record);
    }

    static AgentRecord record(WebhookAgentRow row) {
        return AgentRecord.of(row.name(), row.addresses(), AgentRecord.WEBHOOK, row.updatedAt());
    }

    private AgentRecord staticRecord(String name) {
        return AgentRecord.of(name, addressesOf(name),
                registry.configuredWebhook(name) ? AgentRecord.WEBHOOK : AgentRecord.JAVA, Instant.now());
    }

    /**
     * A class other than {@code except} that is named {@code name} ignoring case: of this host, or of the registry
     * (another host's).
     */
    public Optional<String> nameTaken(String name, String except) {
        Set<String> all = new HashSet<>(registry.classes());
        all.addAll(table.table().snapshot().keySet());
        return all.stream().filter(c -> !c.equals(except) && c.equalsIgnoreCase(name)).sorted().findFirst();
    }

    /** The class other than {@code except} that claims {@code address}: of this host, or of the registry. */
    public Optional<String> addressTaken(String address, String except) {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        registry.staticClasses().forEach(c -> claims.put(c, addressesOf(c)));
        stored.rows().forEach(r -> claims.put(r.name(), r.addresses()));
        table.table().snapshot().forEach((c, r) -> claims.putIfAbsent(c, r.addresses()));
        return claims.entrySet().stream().filter(e -> !e.getKey().equals(except) && e.getValue().contains(address))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /**
     * Publishes what differs from the topic and removes what this host no longer has; the number of records written.
     * Waits (without blocking) for the table to load; not loaded after 30 s, it publishes everything
     * and removes nothing.
     */
    public Uni<Integer> reconcile() {
        return Uni.createFrom().completionStage(table.table().whenLoaded()).replaceWith(true)
                .ifNoItem().after(LOAD_WAIT).recoverWithItem(false)
                .chain(loaded -> {
                    // the topic first, the database after: a record on the topic was committed before it was
                    // published, so a class another process just created is in the list and is never removed
                    Map<String, AgentRecord> current = loaded ? table.table().snapshot() : Map.of();
                    return sql.list().map(rows -> writes(loaded, current, rows));
                }).chain(writes -> Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(u -> u)
                        .collect().asList().replaceWith(writes.size())); // Uni<Void> items are null: count the writes
    }

    private List<Uni<Void>> writes(boolean loaded, Map<String, AgentRecord> current, List<WebhookAgentRow> rows) {
        Map<String, AgentRecord> wanted = new LinkedHashMap<>();
        registry.staticClasses().forEach(c -> wanted.put(c, staticRecord(c)));
        rows.forEach(r -> wanted.putIfAbsent(r.name(), record(r)));
        List<Uni<Void>> writes = new ArrayList<>();
        wanted.values().stream().filter(r -> !same(r, current.get(r.name())))
                .forEach(r -> writes.add(publisher.publish(r)
                        .invoke(() -> Log.infof("agent class published class=%s kind=%s addresses=%s",
                                r.name(), r.kind(), r.addresses()))));
        current.keySet().stream().filter(c -> !wanted.containsKey(c)).forEach(c -> writes.add(
                publisher.remove(c).invoke(() -> Log.infof("agent class removed class=%s", c))));
        if (!loaded) {
            Log.warnf("agent registry not loaded within %s: published every class, removed none",
                    LOAD_WAIT);
        }
        return writes;
    }

    private static boolean same(AgentRecord a, AgentRecord b) {
        return b != null && a.addresses().equals(b.addresses()) && a.kind().equals(b.kind());
    }
}
