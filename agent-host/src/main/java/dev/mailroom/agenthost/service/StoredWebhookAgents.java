package dev.mailroom.agenthost.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import dev.mailroom.agent.Agent;
import dev.mailroom.agenthost.model.WebhookAgentRow;
import dev.mailroom.agenthost.repository.WebhookAgentSql;
import dev.mailroom.agenthost.webhook.WebhookAgent;
import dev.mailroom.agenthost.webhook.WebhookClient;
import dev.mailroom.contract.AgentRecord;
import dev.mailroom.platform.table.AgentTable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The webhook agent classes stored through the REST API (table {@code webhook_agent}), held in memory so that a
 * routed message finds its agent without a query. Loaded before the consumers start (a message for a stored class
 * must never be dead-lettered {@code no-agent-class} because the host had not read the table yet); changed by
 * {@link WebhookAgentService} in this process, and by the agent registry ({@link AgentTable}) for changes another
 * agent-host process made: a {@code webhook} record re-reads its row, a tombstone drops it.
 */
@ApplicationScoped
public class StoredWebhookAgents {

    private record Entry(WebhookAgentRow row, WebhookAgent agent) {
    }

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Entry> byName = new ConcurrentHashMap<>();
    private final WebhookAgentSql sql;
    private final WebhookClient client;
    private final AgentTable agents;

    public StoredWebhookAgents(WebhookAgentSql sql, WebhookClient client, AgentTable agents) {
        this.sql = sql;
        this.client = client;
        this.agents = agents;
    }

    /** First of all startup work (before the Kafka consumers start): reads every stored class. */
    void load(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<WebhookAgentRow> rows = sql.list().await().atMost(LOAD_TIMEOUT);
        rows.forEach(this::put);
        Log.infof("stored webhook agents loaded classes=%s", byName.keySet());
        agents.table().addListener(this::changedElsewhere);
    }

    private void changedElsewhere(String name, AgentRecord before, AgentRecord after) {
        if (after == null) {
            if (byName.remove(name) != null) {
                Log.infof("stored webhook agent dropped class=%s", name);
            }
        } else if (AgentRecord.WEBHOOK.equals(after.kind())) {
            sql.find(name).subscribe().with(row -> row.ifPresent(r -> {
                Entry known = byName.get(name);
                if (known == null || !known.row().equals(r)) {
                    put(r);
                    Log.infof("stored webhook agent reloaded class=%s", name);
                }
            }), failure -> Log.warnf("stored webhook agent not reloaded class=%s error=%s", name, failure));
        }
    }

    /** Serves {@code row}'s class from now on (replacing a previous version). */
    public void put(WebhookAgentRow row) {
        byName.put(row.name(), new Entry(row, new WebhookAgent(row, client)));
    }

    public void remove(String name) {
        byName.remove(name);
    }

    public Optional<Agent> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::agent);
    }

    public Optional<WebhookAgentRow> row(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::row);
    }

    public Collection<WebhookAgentRow> rows() {
        return byName.values().stream().map(Entry::row).toList();
    }
}
