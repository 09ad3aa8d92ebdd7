package dev.mailroom.api.ui;

import static dev.mailroom.api.support.Keys.BOOTSTRAP;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.api.edge.SecurityHeaders;
import dev.mailroom.api.support.Keys;
import dev.mailroom.api.support.Scrape;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The inbox's sessions on the api with a real broker and PostgreSQL (ADR 0039): sign-in, the cookie as the key on
 * {@code /v1} (own resources and forwarded ones), CSRF and origin checks, sign-out, revocation, what is stored, and
 * the security headers of every answer.
 */
@QuarkusTest
@WithTestResource(StandInUpstreams.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UiSessionApiTest {

    private static final Duration SECONDS = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @BeforeEach
    void bootstrap() {
        Keys.awaitBootstrap();
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndAnswersTheKeysScope() {
        String token = Keys.ready(List.of("send", "read"), List.of("own.example"), null);
        Instant before = Instant.now();
        Response answer = Browser.signInAnswer(token);
        answer.then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("key.id", equalTo(token.substring(3, token.indexOf('_', 3))))
                .body("key.name", equalTo("test"))
                .body("key.permissions", equalTo(List.of("send", "read")))
                .body("key.domains", equalTo(List.of("own.example")));
        String setCookie = answer.header("Set-Cookie");
        String id = answer.cookie(SessionHttp.COOKIE);
        assertTrue(SessionSecrets.wellFormed(id), setCookie);
        assertTrue(setCookie.startsWith("mailroom_session=" + id + ";"), setCookie);
        for (String attribute : List.of("; HttpOnly", "; SameSite=Strict", "; Path=/", "; Max-Age=604800")) {
            assertTrue(setCookie.contains(attribute), attribute + " in " + setCookie);
        }
        assertFalse(setCookie.contains("Secure"), "plain http: no Secure " + setCookie);
        String csrf = answer.jsonPath().getString("csrf_token");
        assertEquals(SessionSecrets.csrfToken(id), csrf);
        Instant expires = Instant.parse(answer.jsonPath().getString("expires_at"));
        assertTrue(expires.isAfter(before.plus(Duration.ofHours(11))) && expires.isBefore(before.plus(Duration.ofHours(13))),
                "idle expiry 12 h: " + expires);

        // a fresh page asks for the session first
        given().cookie(SessionHttp.COOKIE, id).get("/ui/session").then().statusCode(200)
                .body("csrf_token", equalTo(csrf)).body("key.domains", equalTo(List.of("own.example")));
        given().get("/ui/session").then().statusCode(401).contentType("application/problem+json");
        given().cookie(SessionHttp.COOKIE, SessionSecrets.newId()).get("/ui/session").then().statusCode(401)
                .header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void aWrongKeyIs401NamingTheFieldAndOtherBodiesAreRefused() {
        Browser.signInAnswer("mr_nosuch_0123456789abcdef0123456789").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/unauthorized"))
                .body("errors[0].field", equalTo("api_key"))
                .header("Set-Cookie", nullValue());
        Browser.signInAnswer(BOOTSTRAP + "x").then().statusCode(401).body("errors[0].field", equalTo("api_key"));
        given().contentType(ContentType.JSON).body("{}").post("/ui/session").then().statusCode(422)
                .body("errors[0].field", equalTo("api_key"));
        given().contentType(ContentType.JSON).body("{\"api_key\":\"" + BOOTSTRAP + "\",\"more\":1}")
                .post("/ui/session").then().statusCode(400).body("errors[0].field", equalTo("more"));
        given().contentType(ContentType.JSON).body("not json").post("/ui/session").then().statusCode(400)
                .body("type", equalTo("https://mailroom.dev/problems/malformed-json"));
        // a cross-site form cannot sign anyone in: JSON only, and from this origin only
        given().contentType(ContentType.URLENC).formParam("api_key", BOOTSTRAP).post("/ui/session").then()
                .statusCode(415);
        given().contentType(ContentType.JSON).header("Origin", "https://evil.example")
                .body(Map.of("api_key", BOOTSTRAP)).post("/ui/session").then().statusCode(403)
                .body("type", equalTo("https://mailroom.dev/problems/csrf-failed"));
        given().contentType(ContentType.JSON).body("{\"api_key\":\"" + "x".repeat(9000) + "\"}").post("/ui/session")
                .then().statusCode(413);
        given().put("/ui/session").then().statusCode(405).header("Allow", containsString("POST"));
    }

    @Test
    void theCookieActsAsTheKeyOnTheApisOwnAndForwardedPaths() {
        String token = Keys.ready(List.of("domains", "read"), List.of("own.example"), null);
        Browser.Session session = Browser.signIn(token);
        session.get().get("/v1/domains").then().statusCode(200).body("items", equalTo(List.of()))
                .header("RateLimit-Limit", "600");
        // forwarded: the owner gets the key as a Bearer token, and not the session
        session.get().get("/v1/messages/m1").then().statusCode(200)
                .body("authorization", equalTo("Bearer " + token)).body("cookie", nullValue());
        // the Authorization header wins over the cookie
        given().cookie(SessionHttp.COOKIE, session.id()).header("Authorization", "Bearer " + BOOTSTRAP)
                .get("/v1/messages/m1").then().statusCode(200).body("authorization", equalTo("Bearer " + BOOTSTRAP));
        // an unknown session is 401, and the browser is told to forget the cookie
        given().cookie(SessionHttp.COOKIE, SessionSecrets.newId()).get("/v1/domains").then().statusCode(401)
                .contentType("application/problem+json").header("Set-Cookie", containsString("Max-Age=0"));
        given().cookie(SessionHttp.COOKIE, "not-a-session").get("/v1/domains").then().statusCode(401);
    }

    @Test
    void unsafeRequestsNeedTheCsrfTokenAndThisOrigin() {
        String token = Keys.ready(List.of("keys", "read"), List.of("own.example"), null);
        Browser.Session session = Browser.signIn(token);
        double refused = Scrape.value("mailroom_api_ui_sessions_total{outcome=\"csrf-failed\"}");
        Map<String, Object> newKey = Map.of("name", "from the inbox", "permissions", List.of("read"),
                "domains", List.of("own.example"));
        session.get().contentType(ContentType.JSON).body(newKey).post("/v1/api-keys").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mailroom.dev/problems/csrf-failed"));
        session.get().contentType(ContentType.JSON).header(SessionHttp.CSRF_HEADER, session.csrf() + "x")
                .body(newKey).post("/v1/api-keys").then().statusCode(403)
                .body("type", equalTo("https://mailroom.dev/problems/csrf-failed"));
        session.get().contentType(ContentType.JSON).header(SessionHttp.CSRF_HEADER, SessionSecrets.hash(session.id()))
                .body(newKey).post("/v1/api-keys").then().statusCode(403);
        session.unsafe().header("Origin", "https://evil.example").body(newKey).post("/v1/api-keys").then()
                .statusCode(403).body("type", equalTo("https://mailroom.dev/problems/csrf-failed"));
        session.unsafe().header("Sec-Fetch-Site", "cross-site").body(newKey).post("/v1/api-keys").then()
                .statusCode(403);
        session.unsafe().body(newKey).post("/v1/api-keys").then().statusCode(201);
        session.unsafe().header("Origin", "http://127.0.0.1:" + RestAssured.port)
                .header("Sec-Fetch-Site", "same-origin").body(newKey).post("/v1/api-keys").then().statusCode(201);
        // forwarded unsafe requests too: nothing reaches the owner without the token
        session.get().post("/v1/drafts/d1/approve").then().statusCode(403);
        session.unsafe().post("/v1/drafts/d1/approve").then().statusCode(200)
                .body("method", equalTo("POST")).body("authorization", equalTo("Bearer " + token));
        // reading needs no token
        session.get().get("/v1/api-keys").then().statusCode(200);
        assertEquals(refused + 6, Scrape.value("mailroom_api_ui_sessions_total{outcome=\"csrf-failed\"}"),
                "every refusal counted");
    }

    @Test
    void signOutEndsTheSessionAtOnce() {
        String token = Keys.ready(List.of("domains"), List.of("own.example"), null);
        double signedOut = Scrape.value("mailroom_api_ui_sessions_total{outcome=\"signed-out\"}");
        double ended = Scrape.value("mailroom_api_ui_sessions_total{outcome=\"ended\"}");
        Browser.Session session = Browser.signIn(token);
        session.get().get("/v1/domains").then().statusCode(200);
        session.get().delete("/ui/session").then().statusCode(403)
                .body("type", equalTo("https://mailroom.dev/problems/csrf-failed"));
        session.get().get("/v1/domains").then().statusCode(200);
        session.get().header(SessionHttp.CSRF_HEADER, session.csrf()).delete("/ui/session").then().statusCode(204)
                .header("Set-Cookie", containsString("mailroom_session=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        assertEquals(0, rows("select count(*) from api.ui_session where id_sha256 = $1",
                SessionSecrets.hash(session.id())).iterator().next().getInteger(0), "the row is gone");
        session.get().get("/v1/domains").then().statusCode(401);
        session.get().get("/ui/session").then().statusCode(401);
        assertEquals(signedOut + 1, Scrape.value("mailroom_api_ui_sessions_total{outcome=\"signed-out\"}"));
        assertEquals(ended + 1, Scrape.value("mailroom_api_ui_sessions_total{outcome=\"ended\"}"));
        // the key itself still works: only the session ended
        Keys.as(token).get("/v1/domains").then().statusCode(200);
        given().delete("/ui/session").then().statusCode(204);
    }

    @Test
    void aRevokedKeyEndsItsSessions() {
        String token = Keys.ready(List.of("domains"), List.of("own.example"), null);
        String keyId = token.substring(3, token.indexOf('_', 3));
        Browser.Session first = Browser.signIn(token);
        Browser.Session second = Browser.signIn(token);
        first.get().get("/v1/domains").then().statusCode(200);
        Keys.as(BOOTSTRAP).delete("/v1/api-keys/" + keyId).then().statusCode(204);
        await().atMost(SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> first.get().get("/v1/domains").statusCode() == 401);
        second.get().get("/ui/session").then().statusCode(401).header("Set-Cookie", containsString("Max-Age=0"));
        assertEquals(0, rows("select count(*) from api.ui_session where key_id = $1", keyId).iterator().next()
                .getInteger(0), "used sessions of a revoked key are deleted");
        Browser.signInAnswer(token).then().statusCode(401);
    }

    @Test
    void aScopedKeysSessionSeesOnlyWhatTheKeySees() {
        String mine = Keys.ready(List.of("keys", "read"), List.of("own.example"), null);
        String ownKey = Keys.create(BOOTSTRAP, List.of("read"), List.of("own.example"), null).getString("id");
        String otherKey = Keys.create(BOOTSTRAP, List.of("read"), List.of("other.example"), null).getString("id");
        Browser.Session session = Browser.signIn(mine);
        ValidatableResponse listed = session.get().get("/v1/api-keys?limit=200").then().statusCode(200);
        listed.body("items.id", hasItem(ownKey)).body("items.id", not(hasItem(otherKey)))
                .body("items.domains.flatten()", everyItem(equalTo("own.example")));
        session.get().get("/v1/api-keys/" + otherKey).then().statusCode(404);
        session.unsafe().body(Map.of("name", "wider", "permissions", List.of("read"),
                "domains", List.of("other.example"))).post("/v1/api-keys").then().statusCode(403);
    }

    @Test
    void theStoredRowHoldsNeitherTheKeyNorTheSessionId() {
        String token = Keys.ready(List.of("read"), List.of("own.example"), null);
        Browser.Session session = Browser.signIn(token);
        String secret = token.substring(token.indexOf('_', 3) + 1); // base64url: the secret may hold '_' itself
        RowSet<Row> found = rows("select * from api.ui_session where id_sha256 = $1", SessionSecrets.hash(session.id()));
        assertEquals(1, found.size());
        Row row = found.iterator().next();
        assertEquals(token.substring(3, token.indexOf('_', 3)), row.getString("key_id"));
        assertTrue(row.getString("sealed_key").startsWith("s1:"), "no master key in this profile: sealed once");
        for (int i = 0; i < row.size(); i++) {
            String value = String.valueOf(row.getValue(i));
            assertFalse(value.contains(secret) || value.contains(token), row.getColumnName(i) + " holds the key");
            assertFalse(value.contains(session.id()) || value.contains(session.csrf()),
                    row.getColumnName(i) + " holds the session id or CSRF token");
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        String token = Keys.ready(List.of("read"), List.of("own.example"), null);
        Browser.Session session = Browser.signIn(token);
        boolean app = getClass().getResource("/META-INF/resources/index.html") != null;
        Response root = given().get("/");
        if (app) { // the inbox itself (C1's index.html): served at /, revalidated every time
            root.then().statusCode(200).contentType(containsString("text/html")).header("Cache-Control", "no-cache");
        }
        strict(root);
        Response file = given().get("/edge-check.txt");
        file.then().statusCode(200).header("Cache-Control", "no-cache");
        strict(file);
        strict(session.get().get("/v1/domains"));
        strict(given().get("/v1/domains")); // a 401
        strict(session.get().get("/v1/messages/m1")); // forwarded without a policy of its own
        strict(given().get("/no-such-file"));
        strict(given().get("/q/health"));
        strict(Browser.signInAnswer(token));

        // a forwarded answer with its own policy (the message body the app frames) keeps it, and may be framed
        Response body = session.get().get("/v1/messages/m1/body");
        body.then().statusCode(200).header("Content-Security-Policy", StandInUpstreams.BODY_CSP)
                .header("X-Frame-Options", nullValue()).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
        // the OpenAPI UI (Swagger's inline scripts) is only kept out of frames
        given().get("/openapi/ui/").then().statusCode(200).header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff");
    }

    private static void strict(Response answer) {
        answer.then().header("Content-Security-Policy", SecurityHeaders.CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("X-Frame-Options", "DENY")
                .header("Permissions-Policy", containsString("camera=()"));
        assertNotNull(answer.header("Permissions-Policy"));
    }

    private RowSet<Row> rows(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(SECONDS);
    }
}
