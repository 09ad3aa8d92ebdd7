package dev.mailroom.agenthost.rest;

import static dev.mailroom.agenthost.TestMail.WAIT;
import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.countCausedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.RecordedAnswers;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The agents REST API, with keys verified locally from the records published on mailroom.api-keys. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
class AgentsApiTest {

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + TestApiKeys.token(key));
    }

    /** Every item of a list, following next_page_token page after page of {@code limit}. */
    private static List<Map<String, Object>> all(String key, String path, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (token == null ? "" : "&page_token=" + token);
            JsonPath page = as(key).when().get(url).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> got = page.getList("items");
            assertTrue(got.size() <= limit, url + " answered " + got.size() + " items");
            items.addAll(got);
            token = page.getString("next_page_token");
            assertTrue(token == null || tokens.add(token), "a token repeats: " + token);
        } while (token != null);
        return items;
    }

    private static List<Object> all(String key, String path, String field) {
        return all(key, path, 50).stream().map(m -> m.get(field)).toList();
    }

    @Test
    void requestsWithoutAValidKeyAreRefusedAsProblems() {
        given().when().get("/v1/agents").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/unauthorized"));
        as("no-such-key").when().get("/v1/agents").then().statusCode(401);
        given().when().get("/q/health").then().statusCode(200);
    }

    @Test
    void malformedJsonIsAProblemNamingTheFieldWithoutAStackTrace() {
        String body = as("scoped-key").contentType(ContentType.JSON).body("{\"subject\":\"s\",\"to\":{\"a\":1}}")
                .when().post("/v1/drafts/any/approve").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/malformed-json"))
                .body("errors[0].field", equalTo("to"))
                .body("detail", equalTo("to: must be an array"))
                .extract().asString();
        for (String leak : List.of("Exception", "java.", "dev.mailroom", "\tat ", "com.fasterxml")) {
            org.junit.jupiter.api.Assertions.assertFalse(body.contains(leak), leak + " in " + body);
        }
        as("scoped-key").contentType(ContentType.JSON).body("{\"subject\":").when().post("/v1/drafts/any/approve")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("not valid JSON"));
        as("scoped-key").when().put("/v1/agents").then().statusCode(405).contentType("application/problem+json");
        as("scoped-key").when().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aKeyPublishedOnTheTopicWorksAndItsTombstoneRefusesItWithinSeconds() {
        String token = TestKeys.publish(EnumSet.of(Permission.READ), List.of("agents.test"), null);
        await().atMost(WAIT).until(() -> as(token).when().get("/v1/agents").statusCode() == 200);
        TestKeys.revoke(TestKeys.idOf(token));
        await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> as(token).when().get("/v1/agents").statusCode() == 401);
        as(token).when().get("/v1/agents").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void classesInstancesStateAndThreads() {
        RecordedAnswers.record("listAgentClasses", as("admin-key").when().get("/v1/agents?limit=200").then()
                .statusCode(200)
                .body("items.class", hasItem("Echo"))
                .body("items.find { it.class == 'Guarded' }.send_policy", equalTo("approved-recipients"))
                .body("items.find { it.class == 'Shy' }.send_policy", equalTo("drafts-only")).extract().asString());
        String t = instance("api");
        RoutedEmail email = routed("Echo", t, "hello");
        publish(email);
        causedBy(email.id());
        assertTrue(all("scoped-key", "/v1/agents/Echo/instances", "instance").contains(t));
        RecordedAnswers.record("listAgentInstances", as("scoped-key").get("/v1/agents/Echo/instances?limit=2")
                .then().statusCode(200).extract().asString());
        RecordedAnswers.record("getAgentInstance", as("scoped-key").when().get("/v1/agents/Echo/instances/" + t)
                .then().statusCode(200)
                .body("state.count", equalTo(1)).body("address", equalTo("echo+" + t + "@agents.test"))
                .extract().asString());
        RecordedAnswers.record("listAgentThreads", as("scoped-key").when()
                .get("/v1/agents/Echo/instances/" + t + "/threads").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].messages.direction", equalTo(List.of("in", "out")))
                .body("items[0].messages[0].message_id", equalTo(email.message().messageId()))
                .body("items[0].messages[0].thread_id", equalTo(
                        as("scoped-key").get("/v1/agents/Echo/instances/" + t + "/threads").jsonPath()
                                .getString("items[0].id")))
                .body("next_page_token", equalTo(null)).extract().asString());
        as("scoped-key").when().get("/v1/agents/Echo/instances/nobody").then().statusCode(404)
                .contentType("application/problem+json");
        as("scoped-key").when().get("/v1/agents/NoSuchClass/instances").then().statusCode(404);
    }

    @Test
    void draftsAreListedAndDecidedByAKeyCoveringTheirDomainOnce() {
        String t = instance("apidraft");
        RoutedEmail email = routed("Scribe", t, "draft please");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        await().atMost(WAIT).until(() -> all("scoped-key", "/v1/drafts", "id").contains(id));
        RecordedAnswers.record("listDrafts", as("scoped-key").get("/v1/drafts?limit=3").then().statusCode(200)
                .extract().asString());
        RecordedAnswers.record("getDraft", as("scoped-key").when().get("/v1/drafts/" + id).then().statusCode(200)
                .body("status", equalTo("pending")).body("reason", equalTo("agent-draft"))
                .body("request.text", equalTo("proposed answer")).extract().asString());
        // another tenant's key: the draft is neither listed nor shown nor decidable; it answers as a missing one
        as("elsewhere-key").contentType(ContentType.JSON).body("{}").when().post("/v1/drafts/" + id + "/approve")
                .then().statusCode(404).contentType("application/problem+json");
        as("elsewhere-key").when().post("/v1/drafts/" + id + "/reject").then().statusCode(404);
        as("elsewhere-key").when().get("/v1/drafts/" + id).then().statusCode(404);
        assertFalse(all("elsewhere-key", "/v1/drafts", "id").contains(id), "another tenant lists the draft");
        assertFalse(all("elsewhere-key", "/v1/drafts?class=Scribe&instance=" + t, "id").contains(id));
        RecordedAnswers.record("approveDraft", as("scoped-key").contentType(ContentType.JSON)
                .body(Map.of("text", "approved answer"))
                .when().post("/v1/drafts/" + id + "/approve").then().statusCode(200)
                .body("status", equalTo("approved")).body("decided_by", equalTo(TestApiKeys.id("scoped-key")))
                .body("request.text", equalTo("approved answer")).extract().asString());
        assertEquals("approved answer", causedBy(email.id()).text());
        as("scoped-key").when().post("/v1/drafts/" + id + "/reject").then().statusCode(409)
                .body("type", equalTo("https://mailroom.dev/problems/draft-decided"));
        as("scoped-key").when().post("/v1/drafts/nope/reject").then().statusCode(404);
        as("scoped-key").when().get("/v1/drafts?status=bogus").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
        assertEquals(1, countCausedBy(email.id()));
    }

    @Test
    void rejectedDraftIsListedAsRejected() {
        String t = instance("apirej");
        RoutedEmail email = routed("Scribe", t, "draft please");
        publish(email);
        String id = Ids.derived(email.id(), "reply", "0");
        await().atMost(WAIT).until(() -> as("admin-key").when().get("/v1/drafts/" + id).then().extract()
                .statusCode() == 200);
        RecordedAnswers.record("rejectDraft", as("admin-key").when().post("/v1/drafts/" + id + "/reject").then()
                .statusCode(200).body("status", equalTo("rejected")).extract().asString());
        assertTrue(all("admin-key", "/v1/drafts?status=rejected", "id").contains(id));
    }

    @Test
    void schedulesAreListedByStatus() {
        String t = instance("apisched");
        RoutedEmail email = routed("Scribe", t, "later");
        publish(email);
        String scheduleId = Ids.derived(email.id(), "schedule", "0");
        causedBy(scheduleId);
        RecordedAnswers.record("listSchedules", as("admin-key").get("/v1/schedules?status=fired&limit=3").then()
                .statusCode(200).extract().asString());
        Map<String, Object> fired = all("admin-key", "/v1/schedules?status=fired", 50).stream()
                .filter(m -> scheduleId.equals(m.get("id"))).findFirst().orElseThrow();
        assertEquals("Scribe/" + t, fired.get("agent"));
        assertEquals(email.id(), ((Map<?, ?>) fired.get("payload")).get("answer"));
        assertTrue(fired.get("due_at").toString().endsWith("Z"), "RFC 3339 UTC: " + fired.get("due_at"));
        as("admin-key").when().get("/v1/schedules?status=nope").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void everyListIsPagedByACursorInAStableOrder() {
        for (String path : List.of("/v1/agents", "/v1/drafts?status=all", "/v1/schedules?status=all")) {
            List<Map<String, Object>> byOne = all("admin-key", path, 1);
            List<Map<String, Object>> byMany = all("admin-key", path, 200);
            assertEquals(byMany, byOne, path + ": pages of one item walk the same list");
        }
        List<Object> classes = all("admin-key", "/v1/agents", "class");
        assertTrue(classes.size() > 2, "several classes: " + classes);
        assertEquals(classes.stream().map(Object::toString).sorted().toList(), classes, "classes by name");
        as("admin-key").when().get("/v1/agents?limit=1").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("next_page_token", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void badPageParametersAndUnknownFieldsAreRefusedNamingTheField() {
        as("admin-key").when().get("/v1/drafts?limit=0").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        as("admin-key").when().get("/v1/schedules?limit=201").then().statusCode(422)
                .body("errors[0].field", equalTo("limit"));
        as("admin-key").when().get("/v1/agents?limit=ten").then().statusCode(422)
                .body("errors[0].field", equalTo("limit"));
        as("admin-key").when().get("/v1/drafts?page_token=bm90LWEtdG9rZW4").then().statusCode(422)
                .body("errors[0].field", equalTo("page_token"));
        as("admin-key").when().get("/v1/agents/Echo/instances?page_token=not*a*token").then().statusCode(422)
                .body("errors[0].field", equalTo("page_token"));
        as("scoped-key").contentType(ContentType.JSON).body("{\"text\":\"x\",\"subjet\":\"typo\"}")
                .when().post("/v1/drafts/any/approve").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/invalid-request"))
                .body("errors[0].field", equalTo("subjet"));
    }
}
