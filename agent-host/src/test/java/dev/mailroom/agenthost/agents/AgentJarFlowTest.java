package dev.mailroom.agenthost.agents;

import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.inVertx;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.agent.Agent;
import dev.mailroom.agenthost.TestMail;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.repository.AgentInstanceRepository;
import dev.mailroom.agenthost.service.AgentRegistry;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An agent in a module of its own: the example module's jar (copied to {@code target/agent-jars} by the build, not on
 * the class path) is loaded through {@code mailroom.agent.path} and answers routed mail like a built-in agent.
 */
@QuarkusTest
@TestProfile(AgentJarFlowTest.AgentPath.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AgentJarFlowTest {

    /** The agent path names the folder the build copies the example jar into. */
    public static class AgentPath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.agent.path", "target/agent-jars");
        }
    }

    @Inject
    AgentRegistry registry;

    @Inject
    AgentInstanceRepository instances;

    @Test
    void theNotesAgentOfTheExampleJarIsLoadedBesideTheBuiltInOnes() {
        Agent notes = registry.find("Notes").orElseThrow(() -> new AssertionError("Notes not loaded"));
        assertEquals("dev.mailroom.examples.notes.NotesAgent", notes.getClass().getName());
        assertNotSame(Agent.class.getClassLoader(), notes.getClass().getClassLoader(), "from the agent path");
        assertTrue(registry.classes().containsAll(java.util.List.of("Echo", "Support", "Drafter", "Notes")),
                registry.classes().toString());
    }

    @Test
    void theJarAgentRepliesKeepsDurableStateAndSchedulesItsDigest() throws Exception {
        String notebook = instance("groceries");
        RoutedEmail first = routed("Notes", notebook, "milk");
        publish(first);
        OutboundRequest ack = causedBy(first.id());
        assertTrue(ack.text().startsWith("Noted in " + notebook + " (note 1, 1 kept)"), ack.text());
        assertEquals("Re: milk", ack.subject());
        assertEquals("notes+" + notebook + "@agents.test", ack.from().address());
        assertEquals(first.message().messageId(), ack.inReplyTo());

        RoutedEmail second = routed("Notes", notebook, "bread");
        publish(second);
        assertTrue(causedBy(second.id()).text().startsWith("Noted in " + notebook + " (note 2, 2 kept)"));

        String digestId = Ids.derived(first.id(), "schedule", "0");
        AgentSchedule digest = TestMail.schedule(digestId);
        assertNotNull(digest, "the first note scheduled a digest");
        assertEquals(AgentSchedule.Status.PENDING, digest.status);
        assertTrue(digest.dueAt.isAfter(Instant.now().plus(Duration.ofHours(23))), digest.dueAt.toString());
        assertEquals("ann@example.org", Json.mapper().readTree(digest.payload).get("to").asText());

        AgentInstance stored = inVertx(() -> Panache.withSession(() -> instances.findById(first.agent().key())));
        JsonNode state = Json.mapper().readTree(stored.state);
        assertEquals(2, state.get("count").asLong());
        assertEquals(digestId, state.get("digest").asText());
        assertEquals("milk", state.get("notes").get(0).get("subject").asText());
        assertEquals("bread", state.get("notes").get(1).get("subject").asText());
    }
}
