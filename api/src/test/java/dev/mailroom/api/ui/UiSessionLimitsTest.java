package dev.mailroom.api.ui;

import static dev.mailroom.api.support.Keys.BOOTSTRAP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.support.Keys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sessions under {@link UiLimitsProfile}: idle 2 s (sliding), absolute 5 s, three sign-in attempts per address and
 * minute, a master key. Every sign-in comes from a loopback address of its own, so earlier tests' attempts from
 * 127.0.0.1 do not count.
 */
@QuarkusTest
@TestProfile(UiLimitsProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UiSessionLimitsTest {

    @Inject
    Pool pool;

    @BeforeEach
    void bootstrap() {
        Keys.awaitBootstrap();
    }

    private static Browser.Session signIn(String token) throws Exception {
        Browser.Raw answer = Browser.signInFrom(Browser.freshClientAddress(), token);
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.header("Set-Cookie").contains("Max-Age=5;"), answer.header("Set-Cookie"));
        String id = answer.cookie();
        return new Browser.Session(id, SessionSecrets.csrfToken(id), answer.header("Set-Cookie"));
    }

    @Test
    void anIdleSessionEndsAndTheCookieIsCleared() throws Exception {
        String token = Keys.ready(List.of("domains"), List.of("own.example"), null);
        Browser.Session session = signIn(token);
        session.get().get("/v1/domains").then().statusCode(200);
        Thread.sleep(2_500);
        session.get().get("/v1/domains").then().statusCode(401).contentType("application/problem+json")
                .header("Set-Cookie", containsString("Max-Age=0"));
        session.get().get("/ui/session").then().statusCode(401);
    }

    @Test
    void aSignOutIsNotUndoneByRequestsStillInFlight() throws Exception {
        String token = Keys.ready(List.of("domains"), List.of("own.example"), null);
        HttpClient http = HttpClient.newHttpClient();
        for (int round = 0; round < 5; round++) {
            Browser.Session session = signIn(token);
            // past a tenth of the idle timeout: every request below records its use in the database, the window in
            // which a sign-out used to be undone by a request that looked the session up before it
            Thread.sleep(300);
            HttpRequest read = HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + "/v1/domains"))
                    .header("Cookie", SessionHttp.COOKIE + "=" + session.id()).build();
            List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                inFlight.add(http.sendAsync(read, HttpResponse.BodyHandlers.discarding()));
            }
            session.get().header(SessionHttp.CSRF_HEADER, session.csrf()).delete("/ui/session").then()
                    .statusCode(204);
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(401, http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode(),
                    "round " + round + ": a request that began before the sign-out put the session back");
        }
    }

    @Test
    void useKeepsASessionAliveUntilItsAbsoluteEnd() throws Exception {
        String token = Keys.ready(List.of("domains"), List.of("own.example"), null);
        Browser.Session session = signIn(token);
        long start = System.nanoTime();
        int status = 200;
        while (status == 200 && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
            Thread.sleep(400);
            status = session.get().get("/v1/domains").statusCode();
        }
        long lived = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(401, status, "ended");
        assertTrue(lived > 3_500 && lived < 6_500, "used every 0.4 s it outlives the 2 s idle timeout and ends at"
                + " the 5 s absolute one: " + lived + " ms");
    }

    @Test
    void signInAttemptsPerAddressAreLimitedWithoutLookingAtTheKey() throws Exception {
        String good = Keys.ready(List.of("domains"), List.of("own.example"), null);
        String client = Browser.freshClientAddress();
        for (int i = 0; i < UiLimitsProfile.SIGN_IN_PER_MINUTE; i++) {
            Browser.Raw wrong = Browser.signInFrom(client, "mr_guess" + i + "_0123456789abcdef0123456789");
            assertTrue(wrong.status() == 401 || wrong.status() == 429, wrong.status() + " " + wrong.body());
            if (wrong.status() == 429) {
                break; // the window began in the previous minute... and was already used: still limited
            }
        }
        Browser.Raw limited = Browser.signInFrom(client, good);
        assertEquals(429, limited.status(), "even the right key is refused once the address used its attempts: "
                + limited.body());
        assertNotNull(limited.header("Retry-After"));
        assertNull(limited.header("Set-Cookie"));
        assertTrue(limited.body().contains("rate-limited"), limited.body());
        // another address still signs in
        assertEquals(200, Browser.signInFrom(Browser.freshClientAddress(), good).status());
    }

    @Test
    void withAMasterKeyTheStoredKeyIsSealedUnderItToo() throws Exception {
        String token = Keys.ready(List.of("read"), List.of("own.example"), null);
        Browser.Session session = signIn(token);
        Row row = pool.preparedQuery("select sealed_key from api.ui_session where id_sha256 = $1")
                .execute(Tuple.of(SessionSecrets.hash(session.id()))).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        assertTrue(row.getString("sealed_key").startsWith("v1:"), row.getString("sealed_key"));
        session.get().get("/ui/session").then().statusCode(200).body("key.permissions", equalTo(List.of("read")));
    }

    @Test
    void aDomainScopedSessionListsOnlyItsDomains() throws Exception {
        String mine = "own-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        for (String name : List.of(mine, other)) {
            Keys.as(BOOTSTRAP).body(Map.of("name", name)).post("/v1/domains").then().statusCode(201);
        }
        String token = Keys.ready(List.of("domains"), List.of(mine), null);
        Browser.Session session = signIn(token);
        session.get().get("/v1/domains").then().statusCode(200).body("items.name", equalTo(List.of(mine)));
        session.get().get("/v1/domains/" + other).then().statusCode(404);
        session.get().get("/ui/session").then().statusCode(200).body("key.domains", equalTo(List.of(mine)));
        given().cookie(SessionHttp.COOKIE, session.id()).get("/v1/domains/" + mine).then().statusCode(200);
    }
}
