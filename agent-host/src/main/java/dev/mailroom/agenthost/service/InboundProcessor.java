package dev.mailroom.agenthost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.agenthost.agent.Agent;
import dev.mailroom.agenthost.agent.AgentContext;
import dev.mailroom.agenthost.agent.AgentState;
import dev.mailroom.agenthost.agent.InboundEmail;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.model.ProcessedMessage;
import dev.mailroom.agenthost.repository.AgentInstanceRepository;
import dev.mailroom.agenthost.repository.OutboxRepository;
import dev.mailroom.agenthost.repository.ProcessedMessageRepository;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Runs one routed message through its agent, effectively once: in a single transaction it checks the processed
 * table, loads (or creates) the instance, calls the agent, then writes the new state, the outbox records and the
 * processed mark. Either all of it commits or none of it does.
 */
@ApplicationScoped
public class InboundProcessor {

    /** What became of a message. */
    public enum Outcome {
        PROCESSED, DUPLICATE
    }

    private final AgentInstanceRepository instances;
    private final ProcessedMessageRepository processed;
    private final OutboxRepository outbox;

    public InboundProcessor(AgentInstanceRepository instances, ProcessedMessageRepository processed,
            OutboxRepository outbox) {
        this.instances = instances;
        this.processed = processed;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Outcome> process(RoutedEmail routed, Agent agent) {
        return processed.findById(routed.id()).chain(done -> {
            if (done != null) {
                Log.infof("duplicate skipped routedId=%s agent=%s", routed.id(), routed.agent().key());
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            return instances.findById(routed.agent().key())
                    .chain(found -> run(routed, agent, found == null ? newInstance(routed.agent()) : found, found == null))
                    .replaceWith(Outcome.PROCESSED);
        });
    }

    private Uni<Void> run(RoutedEmail routed, Agent agent, AgentInstance instance, boolean isNew) {
        Context ctx = new Context(routed.agent(), new AgentState(parseState(instance.state)));
        InboundEmail email = new InboundEmail(routed);
        return Uni.createFrom().deferred(() -> agent.onEmail(email, ctx)).chain(() -> {
            ctx.closed = true;
            Instant now = Instant.now();
            instance.state = ctx.state.json().toString();
            instance.updatedAt = now;
            List<OutboxMessage> records = new ArrayList<>();
            for (OutboundRequest request : ctx.outbound) {
                OutboxMessage m = new OutboxMessage();
                m.id = request.id();
                m.topic = Topics.OUTBOUND_REQUESTED;
                m.payload = new String(Json.encode(request), java.nio.charset.StandardCharsets.UTF_8);
                m.causationId = routed.id();
                m.createdAt = now;
                records.add(m);
            }
            Uni<?> saveInstance = isNew ? instances.persist(instance) : Uni.createFrom().item(instance);
            return saveInstance
                    .chain(() -> records.isEmpty() ? Uni.createFrom().voidItem() : outbox.persist(records))
                    .chain(() -> processed.persist(ProcessedMessage.of(routed.id(), routed.agent().key())))
                    .invoke(() -> Log.infof("processed routedId=%s agent=%s outbound=%d", routed.id(),
                            routed.agent().key(), records.size()))
                    .replaceWithVoid();
        });
    }

    private static AgentInstance newInstance(AgentRef ref) {
        AgentInstance i = new AgentInstance();
        i.id = ref.key();
        i.className = ref.className();
        i.instance = ref.instance();
        i.state = "{}";
        i.createdAt = Instant.now();
        i.updatedAt = i.createdAt;
        return i;
    }

    private static ObjectNode parseState(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored agent state is not a JSON object", e);
        }
    }

    /** The context of one call; collects effects, refuses use after the call. */
    private static final class Context implements AgentContext {
        private final AgentRef self;
        private final AgentState state;
        private final List<OutboundRequest> outbound = new ArrayList<>();
        private boolean closed;

        Context(AgentRef self, AgentState state) {
            this.self = self;
            this.state = state;
        }

        @Override
        public AgentRef self() {
            return self;
        }

        @Override
        public AgentState state() {
            return state;
        }

        @Override
        public String reply(InboundEmail email, String text) {
            if (closed) {
                throw new IllegalStateException("the context of " + email.id() + " is no longer valid");
            }
            String sendId = Ids.derived(email.id(), "reply", Integer.toString(outbound.size()));
            outbound.add(Replies.reply(sendId, self, email, text, Instant.now()));
            return sendId;
        }
    }
}
