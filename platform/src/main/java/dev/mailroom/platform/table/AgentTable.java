package dev.mailroom.platform.table;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mailroom.contract.AgentRecord;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.Topics;

/**
 * The agent registry ({@link Topics#AGENTS}, ADR 0024) as a {@link TopicTable} keyed by class name, with the index
 * readers need: address name → class. Two classes claiming one address: the first class name in alphabetical order
 * has it (logged; agent-host refuses to create such a clash). Starts reading when first used and stops on shutdown.
 */
@ApplicationScoped
public class AgentTable {

    private static final Logger LOG = Logger.getLogger(AgentTable.class);

    private final TopicTable<AgentRecord> table;
    /** Address name (lower case) → class name, rebuilt on every change. */
    private volatile Map<String, String> classByAddress = Map.of();

    public AgentTable(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.table = new TopicTable<>(bootstrapServers, Topics.AGENTS, application + "-agents",
                value -> Json.decode(value, AgentRecord.class, AgentRecord.VERSION), key -> key);
        table.addListener((name, before, after) -> {
            classByAddress = index(table.snapshot());
            LOG.infof(after == null ? "agent class removed class=%s" : "agent class registered class=%s addresses=%s",
                    name, after == null ? null : after.addresses());
        });
    }

    /** The table itself: loading state, listeners, raw records. */
    public TopicTable<AgentRecord> table() {
        return table;
    }

    /** Whether the table has read the topic up to its end at least once. */
    public boolean loaded() {
        return table.loaded();
    }

    /** Whether no class is registered at all (a registry agent-host has not yet published). */
    public boolean empty() {
        return table.snapshot().isEmpty();
    }

    /** The class that address name {@code address} (any case, without {@code +instance}) reaches. */
    public Optional<String> classOf(String address) {
        return Optional.ofNullable(classByAddress.get(address.toLowerCase(Locale.ROOT)));
    }

    /** A registered class named {@code name}, ignoring case, in its registered spelling. */
    public Optional<String> classNamed(String name) {
        if (table.get(name).isPresent()) {
            return Optional.of(name);
        }
        return table.snapshot().keySet().stream().filter(c -> c.equalsIgnoreCase(name)).sorted().findFirst();
    }

    /** Address name → class now. */
    public Map<String, String> addresses() {
        return classByAddress;
    }

    static Map<String, String> index(Map<String, AgentRecord> records) {
        Map<String, String> index = new HashMap<>();
        records.values().stream().sorted(Comparator.comparing(AgentRecord::name)).forEach(r -> r.addresses()
                .forEach(a -> {
                    String owner = index.putIfAbsent(a, r.name());
                    if (owner != null) {
                        LOG.warnf("address claimed twice address=%s class=%s ignored=%s", a, owner, r.name());
                    }
                }));
        return Map.copyOf(index);
    }

    @PostConstruct
    void start() {
        table.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        table.close();
    }
}
