package dev.mailroom.mailbox.rest;

import static dev.mailroom.mailbox.support.Fixtures.count;
import static dev.mailroom.mailbox.support.Fixtures.row;
import static dev.mailroom.mailbox.support.Fixtures.until;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mailbox.support.Fixtures;
import dev.mailroom.mailbox.support.Fixtures.Sha;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class MessagesApiTest {

    @Inject
    Pool pool;

    /** A routed message with the given attachments in {@code rcpt}'s mailbox, filed. */
    private RoutedEmail file(String rcpt, String subject, List<dev.mailroom.contract.ParsedMessage.Attachment> files,
            byte[] raw) {
        String inboundId = Fixtures.newId();
        if (raw != null) {
            Fixtures.raw(inboundId, rcpt, raw);
        }
        RoutedEmail r = Fixtures.routed(inboundId, rcpt, new AgentRef("Support", "main"), Route.byAddress(),
                Fixtures.parsed("m." + inboundId + "@example.org", List.of(), List.of(), "sender@example.org", rcpt,
                        subject, "text of " + subject, files, null));
        until(() -> row(pool, "SELECT 1 FROM message WHERE id = $1", r.id()) != null);
        if (raw != null) {
            until(() -> row(pool, "SELECT raw_sha256 FROM message WHERE id = $1", r.id()).getString(0) != null);
        }
        return r;
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private String threadOf(String messageId) {
        return row(pool, "SELECT thread_id FROM message WHERE id = $1", messageId).getString(0);
    }

    @Test
    void flagsLabelsAndFolderChangeAndKeepTheThreadCountersRight() {
        String domain = Fixtures.newDomain();
        String key = Fixtures.readKey(domain);
        RoutedEmail m = file("support@" + domain, "Flags", List.of(), null);
        String thread = threadOf(m.id());

        RecordedAnswers.record("updateMessage", as(key).contentType(ContentType.JSON).body(Map.of("unread", false,
                "starred", true, "folder", "archive", "labels", List.of("billing", "vip"))).patch("/v1/messages/"
                + m.id()).then().statusCode(200)
                .body("unread", equalTo(false)).body("starred", equalTo(true)).body("folder", equalTo("archive"))
                .body("labels", equalTo(List.of("billing", "vip"))).extract().asString());
        as(key).get("/v1/threads/" + thread).then().statusCode(200).body("unread_count", equalTo(0));
        as(key).contentType(ContentType.JSON).body(Map.of("add_labels", List.of("urgent"), "remove_labels",
                List.of("vip"))).patch("/v1/messages/" + m.id()).then().statusCode(200)
                .body("labels", equalTo(List.of("billing", "urgent")));
        RecordedAnswers.record("updateThread", as(key).contentType(ContentType.JSON).body(Map.of("unread", true))
                .patch("/v1/threads/" + thread).then().statusCode(200).body("unread_count", equalTo(1))
                .body("messages[0].unread", equalTo(true)).extract().asString());

        as(key).contentType(ContentType.JSON).body(Map.of("labels", List.of("ok", " bad"))).patch("/v1/messages/"
                + m.id()).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("labels[1]"));
        as(key).contentType(ContentType.JSON).body(Map.of("folder", "nowhere")).patch("/v1/messages/" + m.id())
                .then().statusCode(422).body("errors[0].field", equalTo("folder"));
        as(key).contentType(ContentType.JSON).body(Map.of("colour", "red")).patch("/v1/messages/" + m.id())
                .then().statusCode(422).body("detail", containsString("colour"));
    }

    @Test
    void aBatchChangesAllOrNone() {
        String domain = Fixtures.newDomain();
        String key = Fixtures.readKey(domain);
        RoutedEmail a = file("team@" + domain, "A", List.of(), null);
        RoutedEmail b = file("team@" + domain, "B", List.of(), null);

        as(key).contentType(ContentType.JSON).body(Map.of("ids", List.of(a.id(), "no-such-message", b.id()),
                "patch", Map.of("starred", true))).post("/v1/messages/batch").then().statusCode(404)
                .body("detail", containsString("ids[1]"));
        assertEquals(0L, count(pool, "SELECT count(*) FROM message WHERE id = ANY($1) AND starred",
                (Object) new String[] {a.id(), b.id()}), "nothing changed");
        as(key).contentType(ContentType.JSON).body(Map.of("ids", List.of(a.id(), b.id()),
                "patch", Map.of("add_labels", List.of("ok", "not ok!")))).post("/v1/messages/batch").then()
                .statusCode(422).body("errors[0].field", equalTo("patch.add_labels[1]"));

        RecordedAnswers.record("updateMessages", as(key).contentType(ContentType.JSON).body(Map.of("ids",
                List.of(a.id(), b.id()), "patch", Map.of("starred", true, "unread", false)))
                .post("/v1/messages/batch").then().statusCode(200).body("updated", equalTo(2)).extract().asString());
        assertEquals(2L, count(pool, "SELECT count(*) FROM message WHERE id = ANY($1) AND starred AND NOT unread",
                (Object) new String[] {a.id(), b.id()}));
        assertEquals(0L, count(pool, "SELECT unread_count FROM thread WHERE id = $1", threadOf(a.id())));
    }

    @Test
    void deletesReleaseBlobsAndTheMailboxGoes() {
        String domain = Fixtures.newDomain();
        String key = Fixtures.readKey(domain);
        byte[] pdf = Fixtures.pdf();
        byte[] raw = ("Subject: x\r\n\r\n" + Fixtures.newId() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        RoutedEmail m = file("sales@" + domain, "Delete me",
                List.of(Fixtures.attachment("offer.pdf", "application/pdf", pdf)), raw);
        RoutedEmail other = file("sales@" + domain, "Keep me", List.of(), null);
        assertEquals(1, refcount(Sha.hex(pdf)));

        String emptied = threadOf(m.id());
        as(key).delete("/v1/messages/" + m.id()).then().statusCode(204);
        as(key).get("/v1/messages/" + m.id()).then().statusCode(404);
        Row blob = row(pool, "SELECT refcount, unreferenced_at FROM blob WHERE sha256 = $1", Sha.hex(pdf));
        assertEquals(0, blob.getInteger("refcount"));
        assertNotNull(blob.getOffsetDateTime("unreferenced_at"));
        Row rawBlob = row(pool, "SELECT refcount, unreferenced_at FROM blob WHERE sha256 = $1", Sha.hex(raw));
        assertEquals(0, rawBlob.getInteger("refcount"), "the raw message went with its last message");
        assertNotNull(rawBlob.getOffsetDateTime("unreferenced_at"));
        assertNull(row(pool, "SELECT 1 FROM thread WHERE id = $1", emptied), "an emptied thread goes");

        String mailbox = row(pool, "SELECT mailbox_id FROM message WHERE id = $1", other.id()).getString(0);
        as(key).delete("/v1/threads/" + threadOf(other.id())).then().statusCode(204);
        as(key).delete("/v1/mailboxes/" + mailbox).then().statusCode(204);
        assertNull(row(pool, "SELECT 1 FROM mailbox WHERE id = $1", mailbox));
        as(key).get("/v1/mailboxes").then().statusCode(200).body("items.size()", equalTo(0));
    }

    private int refcount(String sha256) {
        return row(pool, "SELECT refcount FROM blob WHERE sha256 = $1", sha256).getInteger(0);
    }

    @Test
    void aKeyOfAnotherDomainSeesNothingOfIt() {
        String domain = Fixtures.newDomain();
        String owner = Fixtures.readKey(domain);
        String stranger = Fixtures.readKey(Fixtures.newDomain());
        byte[] pdf = Fixtures.pdf();
        RoutedEmail m = file("ceo@" + domain, "Secret", List.of(Fixtures.attachment("plan.pdf", "application/pdf",
                pdf)), "Subject: Secret\r\n\r\nsecret\r\n".getBytes(StandardCharsets.US_ASCII));
        String thread = threadOf(m.id());
        String mailbox = row(pool, "SELECT mailbox_id FROM message WHERE id = $1", m.id()).getString(0);
        String aid = as(owner).get("/v1/messages/" + m.id()).then().statusCode(200).extract().path("attachments[0].id");

        for (String path : List.of("/v1/messages/" + m.id(), "/v1/messages/" + m.id() + "/raw",
                "/v1/messages/" + m.id() + "/attachments/" + aid,
                "/v1/messages/" + m.id() + "/attachments/" + aid + "?format=text", "/v1/threads/" + thread)) {
            as(stranger).get(path).then().statusCode(404).contentType("application/problem+json");
        }
        as(stranger).contentType(ContentType.JSON).body(Map.of("starred", true)).patch("/v1/messages/" + m.id())
                .then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body(Map.of("starred", true)).patch("/v1/threads/" + thread)
                .then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body(Map.of("ids", List.of(m.id()), "patch",
                Map.of("starred", true))).post("/v1/messages/batch").then().statusCode(404);
        as(stranger).delete("/v1/messages/" + m.id()).then().statusCode(404);
        as(stranger).delete("/v1/threads/" + thread).then().statusCode(404);
        as(stranger).delete("/v1/mailboxes/" + mailbox).then().statusCode(404);
        as(stranger).get("/v1/mailboxes").then().statusCode(200).body("items.size()", equalTo(0));

        as(owner).get("/v1/messages/" + m.id()).then().statusCode(200).body("starred", equalTo(false));
        as(owner).get("/v1/mailboxes").then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void attachmentsDownloadWithASafeTypeAndAnRfc6266Disposition() {
        String domain = Fixtures.newDomain();
        String key = Fixtures.readKey(domain);
        byte[] pdf = Fixtures.pdf();
        byte[] html = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        RoutedEmail m = file("docs@" + domain, "Files", List.of(
                Fixtures.attachment("Übersicht – 2026.pdf", "application/pdf", pdf),
                Fixtures.attachment("page.html", "text/html", html)), null);
        String base = "/v1/messages/" + m.id() + "/attachments/";
        String pdfId = as(key).get("/v1/messages/" + m.id()).then().extract().path("attachments[0].id");
        String htmlId = as(key).get("/v1/messages/" + m.id()).then().extract().path("attachments[1].id");

        as(key).get(base + pdfId).then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", equalTo("attachment; filename=\"_bersicht _ 2026.pdf\"; "
                        + "filename*=UTF-8''%C3%9Cbersicht%20%E2%80%93%202026.pdf"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        as(key).get(base + htmlId).then().statusCode(200).contentType("application/octet-stream")
                .header("Content-Security-Policy", equalTo("sandbox"));

        as(key).get(base + pdfId + "?format=text").then().statusCode(409).body("detail", containsString("pending"));
        pool.preparedQuery("UPDATE attachment_text SET status = 'done', text = $2, updated_at = $3 WHERE sha256 = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(Sha.hex(pdf), "Übersicht: Umsatz 2026",
                        OffsetDateTime.now()))
                .await().indefinitely();
        as(key).get(base + pdfId + "?format=text").then().statusCode(200).contentType(containsString("text/plain"))
                .body(equalTo("Übersicht: Umsatz 2026"));
        as(key).get("/v1/messages/" + m.id()).then().body("attachments[0].text_status", equalTo("done"))
                .body("attachments[1].filename", equalTo("page.html")).body("bcc", nullValue());
    }

    @Test
    void theRawOfASentMessageIsWhatItsSenderSubmittedElseRebuiltFromTheRequest() {
        String domain = Fixtures.newDomain();
        String key = Fixtures.readKey(domain);
        byte[] submitted = ("From: a@" + domain + "\r\nTo: b@example.org\r\nSubject: submitted\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        OutboundRequest raw = new OutboundRequest(OutboundRequest.VERSION, "r" + Fixtures.newId(),
                EmailAddress.of("a@" + domain), List.of(EmailAddress.of("b@example.org")), List.of(), List.of(),
                List.of(), "", null, null, null, List.of(), Map.of(), null, null, null, List.of(), List.of(),
                Base64.getEncoder().encodeToString(submitted));
        OutboundRequest built = new OutboundRequest(OutboundRequest.VERSION, "b" + Fixtures.newId(),
                EmailAddress.of("a@" + domain), List.of(EmailAddress.of("b@example.org")), List.of(), List.of(),
                List.of(), "Built here", "Hello Bob", null, null, List.of(), Map.of(), null, null, null,
                List.of(new OutboundRequest.Attachment("n.txt", "text/plain", Base64.getEncoder()
                        .encodeToString("note".getBytes(StandardCharsets.US_ASCII)), null)), List.of());
        Fixtures.produce(raw);
        Fixtures.produce(built);
        until(() -> row(pool, "SELECT 1 FROM message WHERE id = $1", built.id()) != null);
        until(() -> row(pool, "SELECT 1 FROM message WHERE id = $1", raw.id()) != null);

        byte[] got = as(key).get("/v1/messages/" + raw.id() + "/raw").then().statusCode(200)
                .contentType("message/rfc822").extract().asByteArray();
        assertEquals(Sha.hex(submitted), Sha.hex(got));
        assertEquals(1, refcount(Sha.hex(submitted)));
        String rebuilt = as(key).get("/v1/messages/" + built.id() + "/raw").then().statusCode(200)
                .contentType("message/rfc822").extract().asString();
        assertTrue(rebuilt.contains("Subject: Built here"), rebuilt);
        assertTrue(rebuilt.contains("Message-ID: <" + built.id() + "@" + domain + ">"), rebuilt);
        assertTrue(rebuilt.contains("n.txt"), rebuilt);
    }
}
