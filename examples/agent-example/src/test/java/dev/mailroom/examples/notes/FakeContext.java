package dev.mailroom.examples.notes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.agent.AgentContext;
import dev.mailroom.agent.AgentState;
import dev.mailroom.agent.History;
import dev.mailroom.agent.Outgoing;
import dev.mailroom.contract.AgentRef;
import io.smallrye.mutiny.Uni;

/**
 * An {@link AgentContext} for unit tests: keeps what the agent did in lists instead of committing it. The state
 * object survives between calls, as agent-host's does after a commit.
 */
final class FakeContext implements AgentContext {

    record Scheduled(Instant at, JsonNode payload, String id) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final AgentState state = new AgentState(JSON.createObjectNode());
    final List<Outgoing> sent = new ArrayList<>();
    final List<Scheduled> scheduled = new ArrayList<>();
    private final AgentRef self;
    private String callId = "call-0";

    FakeContext(String className, String instance) {
        this.self = new AgentRef(className, instance);
    }

    /** The next call (a new message or a fired schedule): the effects lists start empty. */
    FakeContext call(String id) {
        callId = id;
        sent.clear();
        scheduled.clear();
        return this;
    }

    @Override
    public AgentRef self() {
        return self;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public AgentState state() {
        return state;
    }

    @Override
    public String threadId() {
        return null;
    }

    @Override
    public Uni<History> history() {
        return Uni.createFrom().item(new History(List.of()));
    }

    @Override
    public String send(Outgoing message) {
        sent.add(message);
        return callId + ".send." + (sent.size() - 1);
    }

    @Override
    public String draft(Outgoing message) {
        throw new UnsupportedOperationException("NotesAgent never drafts");
    }

    @Override
    public String schedule(Instant at, Object payload) {
        String id = callId + ".schedule." + scheduled.size();
        scheduled.add(new Scheduled(at, JSON.valueToTree(payload), id));
        return id;
    }
}
