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

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Ids;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
        as("admin-key").when().get("/v1/agents").then().statusCode(200)
                .body("class", hasItem("Echo"))
                .body("find { it.class == 'Guarded' }.send_policy", equalTo("approved-recipients"))
                .body("find { it.class == 'Shy' }.send_policy", equalTo("drafts-only"));
        String t = instance("api");
        RoutedEmail email = routed("Echo", t, "hello");
        publish(email);
        causedBy(email.id());
        as("scoped-key").when().get("/v1/agents/Echo/instances").then().statusCode(200)
                .body("instance", hasItem(t));
        as("scoped-key").when().get("/v1/agents/Echo/instances/" + t).then().statusCode(200)
                .body("state.count", equalTo(1)).body("address", equalTo("echo+" + t + "@agents.test"));
        as("scoped-key").when().get("/v1/agents/Echo/instances/" + t + "/threads").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].messages.direction", equalTo(List.of("IN", "OUT")))
                .body("[0].messages[0].messageId", equalTo(email.message().messageId()));
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
        await().atMost(WAIT).until(() -> as("scoped-key").when().get("/v1/drafts").then().statusCode(200)
                .extract().jsonPath().getList("id").contains(id));
        as("scoped-key").when().get("/v1/drafts/" + id).then().statusCode(200)
                .body("status", equalTo("pending")).body("reason", equalTo("agent-draft"))
                .body("request.text", equalTo("proposed answer"));
        as("elsewhere-key").contentType(ContentType.JSON).body("{}").when().post("/v1/drafts/" + id + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        as("scoped-key").contentType(ContentType.JSON).body(Map.of("text", "approved answer"))
                .when().post("/v1/drafts/" + id + "/approve").then().statusCode(200)
                .body("status", equalTo("approved")).body("decided_by", equalTo(TestApiKeys.id("scoped-key")))
                .body("request.text", equalTo("approved answer"));
        assertEquals("approved answer", causedBy(email.id()).text());
        as("scoped-key").when().post("/v1/drafts/" + id + "/reject").then().statusCode(409)
                .body("type", equalTo("https://mailroom.dev/problems/draft-decided"));
        as("scoped-key").when().post("/v1/drafts/nope/reject").then().statusCode(404);
        as("scoped-key").when().get("/v1/drafts?status=bogus").then().statusCode(400);
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
        as("admin-key").when().post("/v1/drafts/" + id + "/reject").then().statusCode(200)
                .body("status", equalTo("rejected"));
        as("admin-key").when().get("/v1/drafts?status=rejected&limit=1000").then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void schedulesAreListedByStatus() {
        String t = instance("apisched");
        RoutedEmail email = routed("Scribe", t, "later");
        publish(email);
        String scheduleId = Ids.derived(email.id(), "schedule", "0");
        causedBy(scheduleId);
        as("admin-key").when().get("/v1/schedules?status=fired&limit=1000").then().statusCode(200)
                .body("find { it.id == '" + scheduleId + "' }.agent", equalTo("Scribe/" + t))
                .body("find { it.id == '" + scheduleId + "' }.payload.answer", equalTo(email.id()));
        as("admin-key").when().get("/v1/schedules?status=nope").then().statusCode(400);
    }
}
