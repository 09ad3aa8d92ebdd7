package dev.mailroom.agenthost.rest;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.awaitDraft;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.MailroomEvent;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.contract.Topics;
import dev.mailroom.stack.KafkaTestClient;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What the inbox app asks agent-host (issue 18, ADR 0040): a draft rejected with a reason, the draft's events as the
 * mailbox counts them, an instance's recent events and pending schedules, each scoped to the key's domains.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
class InboxPanelApiTest {

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + TestApiKeys.token(key));
    }

    private static MailroomEvent event(String type, String draftId) {
        return KafkaTestClient.await(Topics.EVENTS, r -> r.key().equals(draftId)
                && type.equals(Json.decode(r.value(), MailroomEvent.class, 1).type()), 1, WAIT).stream()
                .map(r -> Json.decode(r.value(), MailroomEvent.class, 1)).findFirst().orElseThrow();
    }

    @Test
    void aDraftIsRejectedWithAReasonKeptInTheDraftAndItsEvent() {
        String t = instance("inboxrej");
        RoutedEmail email = routed("Scribe", t, "draft please");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        awaitDraft(id);
        // the agent's own draft is announced like a refused send, with what it answers (the mailbox threads it)
        MailroomEvent held = event("agent.send-held", id);
        assertEquals("agent-draft", held.detail().get("reason"));
        assertEquals("scribe+" + t + "@agents.test", held.detail().get("from"));
        assertEquals(email.message().messageId(), held.detail().get("inReplyTo"));

        as("scoped-key").contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(1001)))
                .post("/v1/drafts/" + id + "/reject").then().statusCode(422)
                .body("errors[0].field", equalTo("reason"));
        as("scoped-key").contentType(ContentType.JSON).body("{\"reason\": \"no\", \"mood\": \"bad\"}")
                .post("/v1/drafts/" + id + "/reject").then().statusCode(422)
                .body("errors[0].field", equalTo("body"));
        as("elsewhere-key").contentType(ContentType.JSON).body(Map.of("reason", "not mine"))
                .post("/v1/drafts/" + id + "/reject").then().statusCode(404);
        as("scoped-key").get("/v1/drafts/" + id).then().statusCode(200).body("status", equalTo("pending"))
                .body("decision_reason", equalTo(null));

        RecordedAnswers.record("rejectDraft", as("scoped-key").contentType(ContentType.JSON)
                .body(Map.of("reason", "  Wrong order number; ask for it first.  "))
                .post("/v1/drafts/" + id + "/reject").then().statusCode(200).body("status", equalTo("rejected"))
                .body("decision_reason", equalTo("Wrong order number; ask for it first.")).extract().asString());
        as("scoped-key").get("/v1/drafts/" + id).then().statusCode(200)
                .body("decision_reason", equalTo("Wrong order number; ask for it first."));
        MailroomEvent rejected = event("agent.draft-rejected", id);
        assertEquals("Wrong order number; ask for it first.", rejected.detail().get("reason"));
        assertEquals("scribe+" + t + "@agents.test", rejected.detail().get("from"));
    }

    @Test
    void anInstancesRecentEventsAndSchedulesAreReadByAKeyCoveringItsDomainOnly() {
        String t = instance("inboxpanel");
        RoutedEmail later = routed("Scribe", t, "later");
        publish(later);
        causedBy(Ids.derived(later.id(), "schedule", "0"));
        RoutedEmail draft = routed("Scribe", t, "draft please");
        publish(draft);
        String draftId = Ids.derived(draft.id(), "reply", "0");
        awaitDraft(draftId);
        as("scoped-key").contentType(ContentType.JSON).body(Map.of("reason", "not now"))
                .post("/v1/drafts/" + draftId + "/reject").then().statusCode(200);

        String path = "/v1/agents/Scribe/instances/" + t + "/events";
        await().atMost(WAIT).until(() -> as("scoped-key").get(path).jsonPath().getList("items.type")
                .contains("draft-rejected"));
        String answer = as("scoped-key").get(path).then().statusCode(200).extract().asString();
        RecordedAnswers.record("listAgentInstanceEvents", answer);
        List<Map<String, Object>> items = io.restassured.path.json.JsonPath.from(answer).getList("items");
        List<Object> types = items.stream().map(i -> i.get("type")).toList();
        for (String type : List.of("received", "sent", "held", "draft-rejected", "scheduled", "schedule-fired")) {
            assertTrue(types.contains(type), type + " missing from " + types);
        }
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i - 1).get("at").toString().compareTo(items.get(i).get("at").toString()) >= 0,
                    "newest first: " + items);
        }
        Map<String, Object> rejected = items.stream().filter(i -> "draft-rejected".equals(i.get("type")))
                .findFirst().orElseThrow();
        assertEquals(draftId, rejected.get("id"));
        assertEquals("not now", rejected.get("reason"));
        Map<String, Object> received = items.stream().filter(i -> draft.id().equals(i.get("id"))).findFirst()
                .orElseThrow();
        assertEquals("received", received.get("type"));
        assertEquals("draft please", received.get("subject"));
        assertEquals("ann@example.org", ((Map<?, ?>) received.get("from")).get("address"));
        as("scoped-key").get(path + "?limit=2").then().statusCode(200).body("items.size()", equalTo(2));

        as("elsewhere-key").get(path).then().statusCode(404).contentType("application/problem+json");
        as("scoped-key").get("/v1/agents/Scribe/instances/nobody-" + t + "/events").then().statusCode(404);

        as("scoped-key").get("/v1/schedules?status=all&class=Scribe&instance=" + t).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items.agent", everyItem(equalTo("Scribe/" + t)))
                .body("items[0].status", equalTo("fired"));
        as("scoped-key").get("/v1/schedules?class=Scribe&instance=" + t).then().statusCode(200)
                .body("items.size()", equalTo(0));
        as("elsewhere-key").get("/v1/schedules?status=all&class=Scribe&instance=" + t).then().statusCode(404);
        // without class and instance: only the schedules of instances in the key's domains
        as("scoped-key").get("/v1/schedules?status=all&limit=200").then().statusCode(200)
                .body("items.agent", hasItem("Scribe/" + t));
        as("elsewhere-key").get("/v1/schedules?status=all&limit=200").then().statusCode(200)
                .body("items.agent", not(hasItem("Scribe/" + t)));
        as("scoped-key").get("/v1/schedules?class=Scribe").then().statusCode(422)
                .body("errors[0].field", equalTo("instance"));
    }

    @Test
    void anInstancesStateThreadsAndMessagesAreReadByAKeyCoveringItsDomainOnly() {
        String t = instance("scopedreads");
        RoutedEmail mail = routed("Scribe", t, "draft please");
        publish(mail);
        awaitDraft(Ids.derived(mail.id(), "reply", "0"));
        String base = "/v1/agents/Scribe/instances/" + t;

        as("scoped-key").get(base).then().statusCode(200).body("instance", equalTo(t));
        as("scoped-key").get(base + "/threads").then().statusCode(200).body("items.size()", equalTo(1));
        as("scoped-key").get(base + "/messages?after=0&wait=0").then().statusCode(200)
                .body("messages.size()", greaterThan(0));
        as("scoped-key").get("/v1/agents/Scribe/instances?limit=200").then().statusCode(200)
                .body("items.instance", hasItem(t));

        // a key of another domain: every read of the instance answers 404, its list leaves it out
        as("elsewhere-key").get(base).then().statusCode(404).contentType("application/problem+json");
        as("elsewhere-key").get(base + "/threads").then().statusCode(404);
        as("elsewhere-key").get(base + "/messages?after=0&wait=0").then().statusCode(404);
        assertStreamEndsWithoutAnEvent(base + "/messages/stream?after=0", "elsewhere-key");
        as("elsewhere-key").get("/v1/agents/Scribe/instances?limit=200").then().statusCode(200)
                .body("items.instance", not(hasItem(t)));
        // an instance not written yet may be waited for (nothing to show), by any key
        as("elsewhere-key").get("/v1/agents/Scribe/instances/later-" + t + "/messages?wait=0").then()
                .statusCode(200).body("messages.size()", equalTo(0));
        as("admin-key").get(base).then().statusCode(200);
    }

    /**
     * The SSE stream answers 200 before it can check; for a key that may not see the instance it must end (or stay
     * silent) without an event: what arrives in 5 s is read line by line and may hold no {@code data:} line.
     */
    private static void assertStreamEndsWithoutAnEvent(String path, String key) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + io.restassured.RestAssured.port + path))
                .header("Authorization", "Bearer " + TestApiKeys.token(key)).header("Accept", "text/event-stream")
                .build();
        StringBuffer seen = new StringBuffer();
        java.util.concurrent.CompletableFuture<Void> read = java.net.http.HttpClient.newHttpClient()
                .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(line -> seen.append(line).append('\n')));
        try {
            read.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still open after 5 s, or cut: either way only what arrived counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            read.cancel(true);
        }
        assertTrue(!seen.toString().contains("data:"), "an event reached a key of another domain: " + seen);
    }
}
