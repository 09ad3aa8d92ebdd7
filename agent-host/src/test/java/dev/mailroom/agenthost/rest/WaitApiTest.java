package dev.mailroom.agenthost.rest;

import static dev.mailroom.agenthost.TestMail.causedBy;
import static dev.mailroom.agenthost.TestMail.instance;
import static dev.mailroom.agenthost.TestMail.publish;
import static dev.mailroom.agenthost.TestMail.routed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.RecordedAnswers;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Waiting for an instance's next messages: long poll and server-sent events, against real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(TestApiKeys.class)
class WaitApiTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + TestApiKeys.token(key));
    }

    private static String path(String instance) {
        return "/v1/agents/Echo/instances/" + instance + "/messages";
    }

    @Test
    void aLongPollReturnsTheNextInboundMessageAndThenTheReply() throws Exception {
        String t = instance("wait");
        JsonPath start = as("scoped-key").queryParam("wait", "0").get(path(t)).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(), start.getList("messages"));
        long cursor = start.getLong("cursor");

        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> as("scoped-key")
                .queryParam("after", cursor).queryParam("direction", "in").queryParam("wait", "30s").get(path(t))
                .then().statusCode(200).extract().jsonPath());
        RoutedEmail email = routed("Echo", t, "are you there?");
        publish(email);
        JsonPath got = waiting.get(40, TimeUnit.SECONDS);
        RecordedAnswers.record("waitAgentMessages", got.prettify());
        assertEquals(1, got.getList("messages").size(), got.prettify());
        assertEquals("in", got.getString("messages[0].message.direction"));
        assertEquals("are you there?", got.getString("messages[0].message.subject"));
        // snake_case like the rest of the API
        String thread = got.getString("messages[0].message.thread_id");
        assertTrue(thread != null && !thread.isBlank(), got.prettify());
        assertEquals(email.message().messageId(), got.getString("messages[0].message.message_id"), got.prettify());
        assertEquals(null, got.getString("messages[0].message.threadId"), got.prettify());
        assertEquals("Echo/" + t, got.getString("messages[0].agent"));
        long afterInbound = got.getLong("cursor");
        assertTrue(afterInbound > cursor, got.prettify());

        causedBy(email.id()); // the echo reply is on the outbound topic, so it is in the history too
        JsonPath reply = as("scoped-key").queryParam("after", afterInbound).queryParam("direction", "out")
                .queryParam("wait", "30s").get(path(t)).then().statusCode(200).extract().jsonPath();
        assertEquals("out", reply.getString("messages[0].message.direction"), reply.prettify());
        assertEquals(email.message().messageId(), reply.getString("messages[0].message.in_reply_to"),
                reply.prettify());
        assertEquals(thread, reply.getString("messages[0].message.thread_id"), "the reply is in the same thread");
        assertTrue(reply.getString("messages[0].message.text").contains("count=1"), reply.prettify());
    }

    @Test
    void nothingNewWithinTheWaitKeepsTheCursor() {
        String t = instance("quiet");
        publish(routed("Echo", t, "one"));
        JsonPath all = as("scoped-key").queryParam("after", 0).queryParam("wait", "30s").get(path(t)).then()
                .statusCode(200).extract().jsonPath();
        long cursor = all.getLong("cursor");
        JsonPath none = as("scoped-key").queryParam("after", cursor).queryParam("direction", "in")
                .queryParam("wait", "1s").get(path(t)).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), none.getList("messages"));
        assertEquals(cursor, none.getLong("cursor"));
    }

    @Test
    void badParametersAreProblems() {
        as("scoped-key").queryParam("direction", "sideways").get(path("x")).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("direction"));
        as("scoped-key").queryParam("wait", "999s").get(path("x")).then().statusCode(400)
                .body("detail", containsString("wait"));
        as("scoped-key").queryParam("wait", "soon").get(path("x")).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("wait"));
        as("scoped-key").queryParam("wait", "-1s").get(path("x")).then().statusCode(400);
        // the forms configuration takes: milliseconds, bare seconds, ISO-8601
        as("scoped-key").queryParam("wait", "200ms").get(path("x")).then().statusCode(200);
        as("scoped-key").queryParam("wait", "0").get(path("x")).then().statusCode(200);
        as("scoped-key").queryParam("wait", "PT0.1S").get(path("x")).then().statusCode(200);
        as("scoped-key").queryParam("after", -1).get(path("x")).then().statusCode(400);
        given().get(path("x")).then().statusCode(401);
    }

    @Test
    void theStreamSendsEachMessageAsItCommitsInOrder() throws Exception {
        String t = instance("stream");
        List<String> events = new CopyOnWriteArrayList<>();
        long cursor = as("scoped-key").queryParam("wait", "0").get(path(t)).then().statusCode(200).extract()
                .jsonPath().getLong("cursor");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path(t)
                + "/stream?direction=in&after=" + cursor)).header("Authorization", "Bearer " + TestApiKeys.token("scoped-key"))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> open = response.get(20, TimeUnit.SECONDS);
        assertEquals(200, open.statusCode());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> open.body()
                .filter(line -> line.startsWith("data:")).limit(2).forEach(events::add));
        publish(routed("Echo", t, "first"));
        publish(routed("Echo", t, "second"));
        reader.get(40, TimeUnit.SECONDS);
        assertEquals(2, events.size());
        JsonPath first = new JsonPath(events.get(0).substring(5).trim());
        JsonPath second = new JsonPath(events.get(1).substring(5).trim());
        assertEquals("first", first.getString("message.subject"));
        assertEquals("second", second.getString("message.subject"));
        assertTrue(second.getLong("seq") > first.getLong("seq"));
    }
}
