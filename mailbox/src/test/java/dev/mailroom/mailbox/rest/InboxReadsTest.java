package dev.mailroom.mailbox.rest;

import static dev.mailroom.mailbox.support.Fixtures.row;
import static dev.mailroom.mailbox.support.Fixtures.until;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Authentication;
import dev.mailroom.contract.EmailAddress;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.contract.ParsedMessage;
import dev.mailroom.contract.Route;
import dev.mailroom.contract.RoutedEmail;
import dev.mailroom.mailbox.support.Fixtures;
import dev.mailroom.platform.events.Events;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What the inbox app reads (issue 18, ADR 0040), through real Kafka records and PostgreSQL: the thread list fields,
 * the drafts folder from agent-host's events, labels, the sanitized body with its policy, inline attachments, the
 * message's verdicts, route and delivery.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class InboxReadsTest {

    private static final AgentRef SUPPORT = new AgentRef("Support", "t1");
    private static final Events AGENT_HOST = new Events("agent-host");

    @Inject
    Pool pool;

    private void awaitMessage(String id) {
        until(() -> row(pool, "SELECT 1 FROM message WHERE id = $1", id) != null);
    }

    private static RoutedEmail inbound(String rcpt, String messageId, List<String> inReplyTo, String subject,
            String text, String html, List<ParsedMessage.Attachment> attachments) {
        String inboundId = Fixtures.newId();
        ParsedMessage m = new ParsedMessage(messageId, inReplyTo, inReplyTo, new EmailAddress("Ann Lee",
                "ann@example.org"), List.of(), List.of(EmailAddress.of(rcpt)), List.of(), subject, Instant.now(), text,
                html, attachments, null, text, null, Map.of());
        Authentication auth = new Authentication(new Authentication.Spf("pass", "example.org", null),
                List.of(new Authentication.Dkim("pass", "example.org", "s1", "rsa-sha256", null)),
                new Authentication.Dmarc("pass", "example.org", "reject", true, true),
                "mx.test; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass");
        RoutedEmail r = new RoutedEmail(RoutedEmail.VERSION, RoutedEmail.idFor(inboundId, 0), inboundId, rcpt,
                SUPPORT, new Route(Route.BY_REPLY_TOKEN, true, null), "ann@example.org", "192.0.2.1", Instant.now(), m,
                auth);
        Fixtures.produce(r);
        return r;
    }

    private static void draftEvent(String type, String draftId, String from, Map<String, String> extra) {
        Map<String, String> detail = new HashMap<>(Map.of("agent", SUPPORT.key(), "from", from));
        detail.putAll(extra);
        Fixtures.produce(AGENT_HOST.event(type, draftId, detail));
    }

    private static JsonPath threadOf(String key, String query, String threadId) {
        JsonPath page = given().header("Authorization", "Bearer " + key).get("/v1/threads?" + query).then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        for (int i = 0; i < items.size(); i++) {
            if (threadId.equals(items.get(i).get("id"))) {
                return new JsonPath(page.prettify()).setRootPath("items[" + i + "]");
            }
        }
        return null;
    }

    @Test
    void theThreadListShowsParticipantsStarredAttachmentsDraftsAndDeliveryProblems() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String key = Fixtures.readKey(domain);
        String rootId = "q." + Fixtures.newId() + "@example.org";
        RoutedEmail question = inbound(rcpt, rootId, List.of(), "Order 1234", "Where is my order?", null,
                List.of(Fixtures.attachment("invoice.pdf", "application/pdf", Fixtures.pdf())));
        awaitMessage(question.id());
        String threadId = row(pool, "SELECT thread_id FROM message WHERE id = $1", question.id()).getString(0);
        String mailboxId = row(pool, "SELECT mailbox_id FROM message WHERE id = $1", question.id()).getString(0);

        JsonPath t = threadOf(key, "mailbox=" + mailboxId, threadId);
        assertEquals("Ann Lee", t.getString("participants[0].name"));
        assertEquals("ann@example.org", t.getString("participants[0].address"));
        assertTrue(t.getBoolean("has_attachments"));
        assertFalse(t.getBoolean("starred"));
        assertEquals(0, t.getInt("drafts_pending"));
        assertEquals(null, t.getString("delivery_problem"));

        // the agent's answer is held as a draft (agent-host's event), counted once however often it comes
        String draft = "d" + Fixtures.newId();
        draftEvent("agent.send-held", draft, rcpt, Map.of("reason", "new-correspondent: first contact",
                "inReplyTo", rootId, "references", "<" + rootId + ">"));
        draftEvent("agent.send-held", draft, rcpt, Map.of("reason", "new-correspondent: first contact",
                "inReplyTo", rootId));
        until(() -> row(pool, "SELECT drafts_pending FROM thread WHERE id = $1", threadId).getInteger(0) == 1);
        JsonPath drafts = threadOf(key, "folder=drafts&mailbox=" + mailboxId, threadId);
        assertEquals(1, drafts.getInt("drafts_pending"));
        RecordedAnswers.record("listThreads", given().header("Authorization", "Bearer " + key)
                .get("/v1/threads?folder=drafts&mailbox=" + mailboxId).then().statusCode(200)
                .body("items.size()", equalTo(1)).extract().asString());

        // a person answers from the mailbox; its delivery bounces
        String sendId = "s" + Fixtures.newId();
        Fixtures.produce(new OutboundRequest(OutboundRequest.VERSION, sendId, EmailAddress.of(rcpt),
                List.of(EmailAddress.of("ann@example.org")), List.of(), List.of(), List.of(), "Re: Order 1234",
                "It left today.", null, rootId, List.of(rootId), Map.of(), SUPPORT, question.id(), null));
        awaitMessage(sendId);
        Fixtures.event("outbound.deferred", sendId, "ann@example.org", 1, "451 4.7.1 try later");
        until(() -> "deferred".equals(row(pool, "SELECT delivery_problem FROM thread WHERE id = $1", threadId)
                .getString(0)));
        Fixtures.event("outbound.bounced", sendId, "ann@example.org", 2, "550 5.1.1 no such user");
        until(() -> "bounced".equals(row(pool, "SELECT delivery_problem FROM thread WHERE id = $1", threadId)
                .getString(0)));
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{\"starred\": true}")
                .patch("/v1/messages/" + question.id()).then().statusCode(200);

        t = threadOf(key, "mailbox=" + mailboxId, threadId);
        assertEquals(rcpt, t.getString("participants[0].address"), "newest sender first");
        assertEquals("ann@example.org", t.getString("participants[1].address"));
        assertEquals(2, t.getList("participants").size());
        assertTrue(t.getBoolean("starred"));
        assertEquals("bounced", t.getString("delivery_problem"));

        // the sent message's timeline, and the inbound one's verdicts and route
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + sendId).then().statusCode(200)
                .body("delivery.status", equalTo("bounced")).body("delivery.queued_at", not(nullValue()))
                .body("delivery.attempts.size()", equalTo(2)).body("delivery.attempts[1].outcome", equalTo("bounced"))
                .body("delivery.attempts[1].reply", equalTo("550 5.1.1 no such user"))
                .body("route", nullValue());
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + question.id()).then().statusCode(200)
                .body("authentication.spf.result", equalTo("pass"))
                .body("authentication.dkim[0].domain", equalTo("example.org"))
                .body("authentication.dmarc.result", equalTo("pass"))
                .body("route.by", equalTo("reply-token")).body("route.verified", equalTo(true))
                .body("route.address", equalTo(rcpt)).body("route.agent.class", equalTo("Support"))
                .body("remote_images", equalTo(0)).body("delivery", nullValue());

        // rejected: the drafts folder is empty again, a late copy of the held event changes nothing
        draftEvent("agent.draft-rejected", draft, rcpt, Map.of("reason", "wrong order"));
        until(() -> row(pool, "SELECT drafts_pending FROM thread WHERE id = $1", threadId).getInteger(0) == 0);
        draftEvent("agent.send-held", draft, rcpt, Map.of("reason", "again", "inReplyTo", rootId));
        String sentinel = "d" + Fixtures.newId();
        draftEvent("agent.draft-approved", sentinel, rcpt, Map.of());
        until(() -> row(pool, "SELECT 1 FROM thread_draft WHERE draft_id = $1", sentinel) != null);
        assertEquals(0, row(pool, "SELECT drafts_pending FROM thread WHERE id = $1", threadId).getInteger(0));
        given().header("Authorization", "Bearer " + key).get("/v1/threads?folder=drafts&mailbox=" + mailboxId)
                .then().statusCode(200).body("items.size()", equalTo(0));
    }

    private static boolean listed(String key, String folder, String mailboxId, String threadId) {
        return threadOf(key, "folder=" + folder + "&mailbox=" + mailboxId, threadId) != null;
    }

    @Test
    void threadsMoveBetweenFoldersAsAPersonExpects() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String key = Fixtures.readKey(domain);
        String rootId = "f." + Fixtures.newId() + "@example.org";
        RoutedEmail question = inbound(rcpt, rootId, List.of(), "Folders", "Hi", null, List.of());
        awaitMessage(question.id());
        String sendId = "s" + Fixtures.newId();
        Fixtures.produce(new OutboundRequest(OutboundRequest.VERSION, sendId, EmailAddress.of(rcpt),
                List.of(EmailAddress.of("ann@example.org")), List.of(), List.of(), List.of(), "Re: Folders", "Hello",
                null, rootId, List.of(rootId), Map.of(), SUPPORT, question.id(), null));
        awaitMessage(sendId);
        String threadId = row(pool, "SELECT thread_id FROM message WHERE id = $1", question.id()).getString(0);
        String mailboxId = row(pool, "SELECT mailbox_id FROM message WHERE id = $1", question.id()).getString(0);
        assertTrue(listed(key, "inbox", mailboxId, threadId));
        assertTrue(listed(key, "sent", mailboxId, threadId));

        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"folder\": \"archive\"}").patch("/v1/threads/" + threadId).then().statusCode(200);
        assertEquals("archive", row(pool, "SELECT folder FROM message WHERE id = $1", question.id()).getString(0));
        assertEquals("sent", row(pool, "SELECT folder FROM message WHERE id = $1", sendId).getString(0));
        assertFalse(listed(key, "inbox", mailboxId, threadId));
        assertTrue(listed(key, "archive", mailboxId, threadId));
        assertTrue(listed(key, "sent", mailboxId, threadId), "archiving keeps the sent messages in sent");

        RoutedEmail again = inbound(rcpt, "f2." + Fixtures.newId() + "@example.org", List.of(rootId), "Re: Folders",
                "One more", null, List.of());
        awaitMessage(again.id());
        assertEquals(threadId, row(pool, "SELECT thread_id FROM message WHERE id = $1", again.id()).getString(0));
        assertTrue(listed(key, "inbox", mailboxId, threadId), "a new message brings the thread back");

        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"folder\": \"trash\"}").patch("/v1/threads/" + threadId).then().statusCode(200);
        assertFalse(listed(key, "inbox", mailboxId, threadId));
        assertFalse(listed(key, "sent", mailboxId, threadId));
        assertTrue(listed(key, "trash", mailboxId, threadId));
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"folder\": \"inbox\"}").patch("/v1/threads/" + threadId).then().statusCode(200);
        assertEquals("inbox", row(pool, "SELECT folder FROM message WHERE id = $1", question.id()).getString(0));
        assertEquals("inbox", row(pool, "SELECT folder FROM message WHERE id = $1", again.id()).getString(0));
        assertEquals("sent", row(pool, "SELECT folder FROM message WHERE id = $1", sendId).getString(0),
                "a restored sent message goes back to sent");
        assertFalse(listed(key, "trash", mailboxId, threadId));
    }

    @Test
    void aDraftHeldBeforeTheMessageItAnswersArrivedJoinsItsThreadOnceItDoes() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String messageId = "late." + Fixtures.newId() + "@example.org";
        String draft = "d" + Fixtures.newId();
        draftEvent("agent.send-held", draft, rcpt, Map.of("reason", "drafts-only", "inReplyTo", messageId));
        until(() -> row(pool, "SELECT 1 FROM thread_draft WHERE draft_id = $1", draft) != null);
        RoutedEmail late = inbound(rcpt, messageId, List.of(), "Late", "Hello", null, List.of());
        awaitMessage(late.id());
        String threadId = row(pool, "SELECT thread_id FROM message WHERE id = $1", late.id()).getString(0);
        assertEquals(1, row(pool, "SELECT drafts_pending FROM thread WHERE id = $1", threadId).getInteger(0));
        assertEquals(threadId, row(pool, "SELECT thread_id FROM thread_draft WHERE draft_id = $1", draft)
                .getString(0));
    }

    @Test
    void labelsInUseAreCountedPerMailboxAndScopedToTheKey() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String key = Fixtures.readKey(domain);
        String other = Fixtures.readKey(Fixtures.newDomain());
        RoutedEmail a = inbound(rcpt, "a." + Fixtures.newId() + "@example.org", List.of(), "A", "a", null, List.of());
        RoutedEmail b = inbound(rcpt, "b." + Fixtures.newId() + "@example.org", List.of(), "B", "b", null, List.of());
        awaitMessage(a.id());
        awaitMessage(b.id());
        String mailboxId = row(pool, "SELECT mailbox_id FROM message WHERE id = $1", a.id()).getString(0);
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(Map.of("ids", List.of(a.id(), b.id()), "patch", Map.of("add_labels", List.of("finance"))))
                .post("/v1/messages/batch").then().statusCode(200);
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(Map.of("add_labels", List.of("vip"), "unread", false)).patch("/v1/messages/" + a.id())
                .then().statusCode(200);

        RecordedAnswers.record("listLabels", given().header("Authorization", "Bearer " + key)
                .get("/v1/labels?mailbox=" + mailboxId).then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].name", equalTo("finance")).body("items[0].messages", equalTo(2))
                .body("items[0].unread", equalTo(1)).body("items[0].threads", equalTo(2))
                .body("items[1].name", equalTo("vip")).body("items[1].unread", equalTo(0))
                .extract().asString());
        given().header("Authorization", "Bearer " + key).get("/v1/labels").then().statusCode(200)
                .body("items.name", equalTo(List.of("finance", "vip")));
        given().header("Authorization", "Bearer " + other).get("/v1/labels?mailbox=" + mailboxId).then()
                .statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + other).get("/v1/labels").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().get("/v1/labels").then().statusCode(401);
    }

    @Test
    void theBodyIsSanitizedWithItsOwnPolicyCidImagesInlinedAndRemoteImagesBlockedUntilAllowed() {
        String domain = Fixtures.newDomain();
        String rcpt = "support+t1@" + domain;
        String key = Fixtures.readKey(domain);
        byte[] png = Fixtures.png();
        ParsedMessage.Attachment logo = new ParsedMessage.Attachment("logo.png", "image/png", png.length,
                Fixtures.Sha.hex(png), "logo@example.org", Base64.getEncoder().encodeToString(png));
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);
        byte[] page = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        String html = "<p onclick=alert(1)>Hello <a href=\"javascript:alert(1)\">x</a>"
                + " <a href=\"https://example.org/\">site</a></p><script>alert(2)</script>"
                + "<img src=\"cid:logo@example.org\"><img src=\"https://tracker.example/p.gif\">"
                + "<div style=\"background:url(https://tracker.example/bg.png)\">d</div>";
        RoutedEmail m = inbound(rcpt, "h." + Fixtures.newId() + "@example.org", List.of(), "Hostile", "Hello x",
                html, List.of(logo, Fixtures.attachment("chart.svg", "image/svg+xml", svg),
                        Fixtures.attachment("page.html", "text/html", page),
                        Fixtures.attachment("report.pdf", "application/pdf", Fixtures.pdf())));
        awaitMessage(m.id());
        JsonPath message = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id()).then()
                .statusCode(200).body("remote_images", equalTo(2)).extract().jsonPath();

        Response blocked = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id() + "/body");
        blocked.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo("default-src 'none'; img-src data:; style-src"
                        + " 'unsafe-inline'; font-src 'none'; base-uri 'none'; form-action 'none';"
                        + " frame-ancestors 'self'"))
                .header("X-Content-Type-Options", "nosniff").header("X-Remote-Images", "2");
        Document doc = Jsoup.parse(blocked.asString());
        assertEquals(0, doc.select("script").size());
        assertFalse(blocked.asString().contains("tracker.example"), blocked.asString());
        assertFalse(blocked.asString().toLowerCase().contains("javascript:"), blocked.asString());
        assertFalse(blocked.asString().contains("onclick"), blocked.asString());
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                doc.select("img").get(0).attr("src"));
        assertEquals("noopener noreferrer", doc.selectFirst("a[href=https://example.org/]").attr("rel"));

        Response allowed = given().header("Authorization", "Bearer " + key)
                .get("/v1/messages/" + m.id() + "/body?images=allow");
        allowed.then().statusCode(200).header("Content-Security-Policy", containsString("img-src data: https: http:"))
                .header("X-Remote-Images", "0");
        assertTrue(allowed.asString().contains("https://tracker.example/p.gif"));
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id() + "/body?images=some")
                .then().statusCode(422).body("errors[0].field", equalTo("images"));
        given().header("Authorization", "Bearer " + Fixtures.readKey(Fixtures.newDomain()))
                .get("/v1/messages/" + m.id() + "/body").then().statusCode(404);

        // attachments inline: raster images and PDF only, with the sandbox policy
        String png0 = message.getString("attachments[0].id");
        given().header("Authorization", "Bearer " + key)
                .get("/v1/messages/" + m.id() + "/attachments/" + png0 + "?disposition=inline").then().statusCode(200)
                .contentType("image/png").header("Content-Disposition", containsString("inline; filename=\"logo.png\""))
                .header("Content-Security-Policy", equalTo("sandbox; default-src 'none'; img-src 'self';"
                        + " object-src 'self'; style-src 'unsafe-inline'"));
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id() + "/attachments/"
                + message.getString("attachments[3].id") + "?disposition=inline").then().statusCode(200)
                .contentType("application/pdf").header("Content-Disposition", containsString("inline;"));
        for (int i : new int[] {1, 2}) {
            given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id() + "/attachments/"
                    + message.getString("attachments[" + i + "].id") + "?disposition=inline").then().statusCode(200)
                    .contentType("application/octet-stream").header("Content-Security-Policy", "sandbox")
                    .header("Content-Disposition", containsString("attachment;"));
        }
        given().header("Authorization", "Bearer " + key).get("/v1/messages/" + m.id() + "/attachments/" + png0
                + "?disposition=open").then().statusCode(422).body("errors[0].field", equalTo("disposition"));

        // a text-only message: escaped in a <pre>
        RoutedEmail text = inbound(rcpt, "t." + Fixtures.newId() + "@example.org", List.of(), "Text",
                "<b>not bold</b> & more", null, List.of());
        awaitMessage(text.id());
        String body = given().header("Authorization", "Bearer " + key).get("/v1/messages/" + text.id() + "/body")
                .then().statusCode(200).extract().asString();
        assertEquals("<b>not bold</b> & more", Jsoup.parse(body).selectFirst("pre").text());
        assertEquals(0, Jsoup.parse(body).select("b").size());
    }
}
