package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.agenthost.agent.Agent;
import dev.mailroom.agenthost.agent.AgentState;
import dev.mailroom.agenthost.agent.InboundEmail;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.model.ProcessedMessage;
import dev.mailroom.agenthost.repository.AgentInstanceRepository;
import dev.mailroom.agenthost.repository.ProcessedMessageRepository;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.RoutedEmail;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Runs one routed message through its agent, effectively once: in a single transaction it locks the instance row,
 * checks the processed table, records the message in its thread, calls the agent, then writes the new state, the
 * sends (outbox + history), drafts, schedules and the processed mark. Either all of it commits or none of it does.
 */
@ApplicationScoped
public class InboundProcessor {

    /** What became of a message. */
    public enum Outcome {
        PROCESSED, DUPLICATE
    }

    /** What became of a message, and the outbox records its transaction wrote (to publish after the commit). */
    public record Result(Outcome outcome, List<OutboxMessage> outbox) {
        static final Result DUPLICATE = new Result(Outcome.DUPLICATE, List.of());
    }

    private final AgentInstanceRepository instances;
    private final ProcessedMessageRepository processed;
    private final ThreadResolver threads;
    private final HistoryStore history;
    private final EffectWriter effects;

    public InboundProcessor(AgentInstanceRepository instances, ProcessedMessageRepository processed,
            ThreadResolver threads, HistoryStore history, EffectWriter effects) {
        this.instances = instances;
        this.processed = processed;
        this.threads = threads;
        this.history = history;
        this.effects = effects;
    }

    @WithTransaction
    public Uni<Result> process(RoutedEmail routed, Agent agent) {
        // lock first: a second process holding the same message (rebalance) waits here, then sees it processed
        return instances.lock(routed.agent().key())
                .chain(found -> processed.findById(routed.id()).chain(done -> {
                    if (done != null) {
                        Log.infof("duplicate skipped routedId=%s agent=%s", routed.id(), routed.agent().key());
                        return Uni.createFrom().item(Result.DUPLICATE);
                    }
                    return run(routed, agent, found);
                }));
    }

    private Uni<Result> run(RoutedEmail routed, Agent agent, AgentInstance found) {
        Instant now = Instant.now();
        AgentInstance instance = found == null ? newInstance(routed.agent(), now) : found;
        instance.address = routed.recipient();
        Uni<?> saved = found == null ? instances.persistAndFlush(instance) : Uni.createFrom().item(instance);
        return saved.chain(() -> threads.resolve(routed, now))
                .chain(threadId -> history.recordInbound(routed, threadId, now).chain(() -> {
                    AgentCall call = new AgentCall(routed.agent(), new AgentState(parseState(instance.state)),
                            routed.id(), threadId, () -> history.load(routed.agent().key()));
                    return AgentCall.invoke(() -> agent.onEmail(new InboundEmail(routed), call))
                            .chain(() -> effects.write(instance, call, routed, now))
                            .chain(sent -> processed.persist(ProcessedMessage.of(routed.id(), routed.agent().key()))
                                    .invoke(() -> Log.debugf("processed routedId=%s agent=%s outbound=%d",
                                            routed.id(), routed.agent().key(), sent)))
                            .replaceWith(() -> new Result(Outcome.PROCESSED, List.copyOf(call.outboxed)));
                }));
    }

    static AgentInstance newInstance(AgentRef ref, Instant now) {
        AgentInstance i = new AgentInstance();
        i.id = ref.key();
        i.className = ref.className();
        i.instance = ref.instance();
        i.state = "{}";
        i.createdAt = now;
        i.updatedAt = now;
        return i;
    }

    static ObjectNode parseState(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored agent state is not a JSON object", e);
        }
    }
}
