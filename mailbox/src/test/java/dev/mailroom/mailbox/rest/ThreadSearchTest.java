package dev.mailroom.mailbox.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import dev.mailroom.stack.RecordedAnswers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code GET /v1/threads} against a real PostgreSQL with schema V1, V2 and V30: rows inserted as the other parts of
 * the mailbox would write them (ingest, extraction). Every operator has a case that finds and one that does not.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ThreadSearchTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String A = "a-" + RUN + ".test";
    private static final String B = "b-" + RUN + ".test";
    private static final String C = "c-" + RUN + ".test";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    Pool pool;

    private static String keyA;
    private static String keyB;
    private static String keyNobody;
    private static String keyC;

    /** Once per class (RestAssured knows the test port only around each test). */
    @BeforeEach
    void data() {
        if (keyA != null) {
            return;
        }
        sql("INSERT INTO mailbox (id, address, domain, created_at) VALUES ($1, $2, $3, now())", "mbA", "support@" + A, A);
        sql("INSERT INTO mailbox (id, address, domain, created_at) VALUES ($1, $2, $3, now())", "mbB", "support@" + B, B);
        sql("INSERT INTO mailbox (id, address, domain, created_at) VALUES ($1, $2, $3, now())", "mbC", "support@" + C, C);
        // t1: the quarterly report, an attachment, unread, label finance, 1 h ago
        message("t1", "m1", A, "ann@example.org", "Ann Lée", List.of("support@" + A), List.of("carol@example.net"),
                "Quarterly report", "Please find the quarterly numbers attached. Revenue grew.", null,
                NOW.minus(1, ChronoUnit.HOURS), true, false, "inbox", "finance");
        sql("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256) VALUES"
                + " ($1, $2, 0, 'q3-report.pdf', 'application/pdf', 100, $3)", "att1-" + RUN, id("m1"), "sha-" + RUN);
        // t2: an HTML order notice, read, starred, archived, 3 days ago
        message("t2", "m2", A, "bob@shop.test", "Bob", List.of("support@" + A), List.of(), "Order 1234 shipped", null,
                "<p>Your order &amp; <b>parcel</b> left</p><script>evil()</script>", NOW.minus(3, ChronoUnit.DAYS),
                false, true, "archive", null);
        // t3: spam from ann, with markup in its text, 40 days ago
        message("t3", "m3", A, "ann@example.org", null, List.of("support@" + A), List.of(), "Lunch",
                "Résumé of the meeting: 1 < 2 & \"report\" later <img src=x onerror=alert(1)> ok", null,
                NOW.minus(40, ChronoUnit.DAYS), true, false, "spam", null);
        // t4: report everywhere, 2 h ago
        message("t4", "m4", A, "dave@corp.test", "Dave", List.of("support@" + A), List.of(), "report report report",
                "report report report report", null, NOW.minus(2, ChronoUnit.HOURS), true, false, "inbox", "finance");
        // another tenant's mailbox with the same words
        message("t5", "m5", B, "ann@example.org", "Ann Lée", List.of("support@" + B), List.of("carol@example.net"),
                "Quarterly report", "Please find the quarterly numbers attached. Revenue grew.", null,
                NOW.minus(1, ChronoUnit.HOURS), true, false, "inbox", "finance");
        String a = TestKeys.publish(EnumSet.of(Permission.READ), List.of(A), null);
        keyB = TestKeys.publish(EnumSet.of(Permission.READ), List.of(B), null);
        keyNobody = TestKeys.publish(EnumSet.of(Permission.READ), List.of("nobody-" + RUN + ".test"), null);
        keyC = TestKeys.publish(EnumSet.of(Permission.READ), List.of(C), null);
        for (String key : List.of(a, keyB, keyNobody, keyC)) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                    .header("Authorization", "Bearer " + key).get("/v1/threads").then().statusCode(200));
        }
        keyA = a;
    }

    @Test
    void theListingIsNewestFirstWithoutTrashOrSpamAndWithoutSearchFields() {
        JsonPath page = list(keyA, "");
        assertEquals(List.of(id("t1"), id("t4"), id("t2")), page.getList("items.id"));
        assertEquals(id("mbA"), page.getString("items[0].mailbox_id"));
        assertEquals("Quarterly report", page.getString("items[0].subject"));
        assertEquals("snippet of " + id("m1"), page.getString("items[0].snippet"));
        assertEquals(1, page.getInt("items[0].message_count"));
        assertEquals(1, page.getInt("items[0].unread_count"));
        assertTrue(page.getBoolean("items[0].needs_reply"));
        assertEquals(List.of("finance"), page.getList("items[0].labels"));
        assertEquals(NOW.minus(1, ChronoUnit.HOURS), Instant.parse(page.getString("items[0].last_message_at")));
        assertNull(page.get("items[0].message_ids"));
        assertNull(page.get("items[0].highlights"));
        assertNull(page.get("next_page_token"));
        assertEquals(List.of(id("t3")), list(keyA, "folder=spam").getList("items.id"));
        assertEquals(List.of(id("t2")), list(keyA, "folder=archive").getList("items.id"));
        assertEquals(List.of(id("t1"), id("t4"), id("t2"), id("t3")), list(keyA, "folder=anywhere")
                .getList("items.id"));
        assertEquals(List.of(id("t1"), id("t4")), list(keyA, "label=finance").getList("items.id"));
        assertEquals(List.of(id("t1"), id("t4"), id("t2")), list(keyA, "mailbox=" + id("mbA")).getList("items.id"));
    }

    @Test
    void pagesFollowEachOtherWithoutGapOrRepeat() {
        JsonPath first = list(keyA, "limit=2");
        assertEquals(List.of(id("t1"), id("t4")), first.getList("items.id"));
        JsonPath second = list(keyA, "limit=2&page_token=" + first.getString("next_page_token"));
        assertEquals(List.of(id("t2")), second.getList("items.id"));
        assertNull(second.get("next_page_token"));
        JsonPath ranked = list(keyA, "limit=1&q=report");
        RecordedAnswers.record("listThreads", ranked.prettify());
        assertEquals(List.of(id("t4")), ranked.getList("items.id"));
        JsonPath ranked2 = list(keyA, "limit=1&q=report&page_token=" + ranked.getString("next_page_token"));
        assertEquals(List.of(id("t1")), ranked2.getList("items.id"));
        assertNull(ranked2.get("next_page_token"));
        // a token of the other order is refused, not misread
        invalid(keyA, "q=report&page_token=" + first.getString("next_page_token"), "page_token", "page token");
        invalid(keyA, "page_token=" + ranked.getString("next_page_token"), "page_token", "page token");
    }

    @Test
    void wordsAndPhrasesAreFoundInSubjectPartiesBodyAndAttachmentNamesRankedWithMatchingIds() {
        assertEquals(List.of(id("t1")), ids("revenue"));
        assertEquals(List.of(), ids("absentword"));
        assertEquals(List.of(id("t1")), ids("\"quarterly numbers\""));
        assertEquals(List.of(), ids("\"numbers quarterly\""));
        assertEquals(List.of(id("t1")), ids("REVENUE"), "any case");
        assertEquals(List.of(id("t1")), ids("lee"), "a sender's name, accents folded");
        assertEquals(List.of(id("t1")), ids("carol@example.net"), "a cc address");
        assertEquals(List.of(id("t1")), ids("q3"), "an attachment's file name");
        assertEquals(List.of(id("t3")), ids("resume in:spam"), "accents folded in the body");
        assertEquals(List.of(id("t2")), ids("parcel"), "the text of an HTML body");
        assertEquals(List.of(), ids("evil"), "not a script of an HTML body");
        // ranked: the thread saying report five times first, then the one saying it twice
        JsonPath page = list(keyA, "q=report");
        assertEquals(List.of(id("t4"), id("t1")), page.getList("items.id"));
        assertEquals(List.of(id("m4")), page.getList("items[0].message_ids"));
    }

    @Test
    void aMinusLeavesOutWhatMatches() {
        assertEquals(List.of(id("t4")), ids("report -quarterly"));
        assertEquals(List.of(id("t4")), ids("report -\"quarterly report\""));
        assertEquals(List.of(id("t4"), id("t2")), ids("-from:ann"));
        assertEquals(List.of(id("t1"), id("t4")), ids("-in:archive"));
    }

    @Test
    void fromToAndCcMatchASubstringOfANameOrAddress() {
        assertEquals(List.of(id("t1")), ids("from:ann"));
        assertEquals(List.of(id("t1"), id("t3")), ids("from:ann in:anywhere"));
        assertEquals(List.of(id("t1")), ids("from:\"Ann Lée\""));
        assertEquals(List.of(id("t1")), ids("from:EXAMPLE.ORG"));
        assertEquals(List.of(), ids("from:zed"));
        assertEquals(List.of(), ids("from:%"), "a wildcard is a character like any other");
        assertEquals(List.of(id("t1"), id("t4"), id("t2")), ids("to:support@"));
        assertEquals(List.of(), ids("to:carol"));
        assertEquals(List.of(id("t1")), ids("cc:carol"));
        assertEquals(List.of(), ids("cc:ann"));
        assertEquals(List.of(id("t4"), id("t2")), ids("from:bob OR from:dave"));
    }

    @Test
    void subjectLooksAtTheSubjectOnly() {
        assertEquals(List.of(id("t2")), ids("subject:order"));
        assertEquals(List.of(id("t2")), ids("subject:\"order 1234\""));
        assertEquals(List.of(), ids("subject:revenue"));
    }

    @Test
    void attachmentsFlagsLabelsAndFolders() {
        assertEquals(List.of(id("t1")), ids("has:attachment"));
        assertEquals(List.of(id("t4"), id("t2")), ids("-has:attachment"));
        assertEquals(List.of(id("t1")), ids("filename:Q3-"));
        assertEquals(List.of(), ids("filename:invoice"));
        assertEquals(List.of(id("t1"), id("t4")), ids("is:unread"));
        assertEquals(List.of(id("t2")), ids("is:read"));
        assertEquals(List.of(id("t2")), ids("is:starred"));
        assertEquals(List.of(id("t1"), id("t4")), ids("-is:starred"));
        assertEquals(List.of(id("t1"), id("t4")), ids("label:finance"));
        assertEquals(List.of(), ids("label:Finance"));
        assertEquals(List.of(id("t2")), ids("in:archive"));
        assertEquals(List.of(id("t3")), ids("in:spam"));
        assertEquals(List.of(), ids("in:trash"));
        assertEquals(List.of(id("t1"), id("t4"), id("t2"), id("t3")), ids("in:anywhere"));
    }

    @Test
    void datesAndAges() {
        String twoDaysAgo = NOW.minus(2, ChronoUnit.DAYS).toString();
        assertEquals(List.of(id("t1"), id("t4")), ids("after:" + twoDaysAgo));
        assertEquals(List.of(id("t2")), ids("before:" + twoDaysAgo));
        assertEquals(List.of(id("t1"), id("t4")), ids("newer_than:1d"));
        assertEquals(List.of(id("t2")), ids("older_than:1d"));
        assertEquals(List.of(id("t2"), id("t3")), ids("older_than:1d in:anywhere"));
        assertEquals(List.of(id("t3")), ids("older_than:1m in:anywhere"));
        assertEquals(List.of(), ids("older_than:1y in:anywhere"));
        assertEquals(List.of(), ids("newer_than:1h before:" + twoDaysAgo));
    }

    @Test
    void highlightsMarkTheWordsAndEscapeEverythingElse() {
        JsonPath page = list(keyA, "q=parcel");
        assertEquals("Your order &amp; <mark>parcel</mark> left", page.getString("items[0].highlights.body").trim());
        assertEquals("Order 1234 shipped", page.getString("items[0].highlights.subject"));
        JsonPath spam = list(keyA, "q=report+in:spam");
        String body = spam.getString("items[0].highlights.body");
        assertTrue(body.contains("1 &lt; 2 &amp; &quot;<mark>report</mark>&quot; later &lt;img src=x"), body);
        assertFalse(body.contains("<img"), body);
        JsonPath subject = list(keyA, "q=quarterly");
        assertEquals("<mark>Quarterly</mark> report", subject.getString("items[0].highlights.subject"));
    }

    @Test
    void attachmentTextIsFoundOnceItsExtractionIsDone() {
        String sha = "sha-" + RUN;
        assertEquals(List.of(), ids("kubernetes"));
        sql("INSERT INTO attachment_text (sha256, status, updated_at) VALUES ($1, 'pending', now())", sha);
        assertEquals(List.of(), ids("kubernetes"));
        sql("UPDATE attachment_text SET status = 'done', text = 'Kubernetes migration plan, Zürich' WHERE sha256 = $1",
                sha);
        assertEquals(List.of(id("t1")), ids("kubernetes"));
        assertEquals(List.of(id("t1")), ids("zurich"));
        JsonPath page = list(keyA, "q=kubernetes");
        assertEquals(List.of(id("m1")), page.getList("items[0].message_ids"));
        assertEquals("q3-report.pdf", page.getString("items[0].highlights.attachment.filename"));
        assertEquals("<mark>Kubernetes</mark> migration plan, Zürich",
                page.getString("items[0].highlights.attachment.text").trim());
        assertEquals("Quarterly report", page.getString("items[0].highlights.subject"), "not in the subject");
    }

    @Test
    void theAttachmentHighlightIsTheMatchingAttachmentsEscapedAndOnlyWhereTheWordIs() {
        String sha = "sha2-" + RUN;
        sql("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256) VALUES"
                + " ($1, $2, 1, $3, 'application/pdf', 100, $4)", "att2-" + RUN, id("m1"),
                "<b onclick=\"x()\">it's</b>.pdf", sha);
        sql("INSERT INTO attachment_text (sha256, status, text, updated_at) VALUES ($1, 'done', $2, now())", sha,
                "Wombat <script>alert(1)</script> & \"wombat\" \uE000fake\uE001 <mark>not</mark>");
        JsonPath page = list(keyA, "q=wombat");
        assertEquals(List.of(id("t1")), page.getList("items.id"));
        assertEquals("&lt;b onclick=&quot;x()&quot;&gt;it&#39;s&lt;/b&gt;.pdf",
                page.getString("items[0].highlights.attachment.filename"));
        // PostgreSQL's headline leaves tags out (as in body highlights); what is left is escaped, only marks are tags
        String text = page.getString("items[0].highlights.attachment.text");
        assertEquals("<mark>Wombat</mark>  alert(1)  &amp; &quot;<mark>wombat</mark>&quot; fake", text.trim());
        assertFalse(text.replace("<mark>", "").replace("</mark>", "").contains("<"), text);
        // the body and the subject have it, no attachment: no attachment highlight
        JsonPath report = list(keyA, "q=quarterly");
        assertEquals(id("t1"), report.getString("items[0].id"));
        assertNull(report.get("items[0].highlights.attachment"));
        // an attachment's word and a body's word: the attachment with its word
        JsonPath both = list(keyA, "q=wombat+revenue");
        assertEquals(List.of(id("t1")), both.getList("items.id"));
        assertTrue(both.getString("items[0].highlights.attachment.text").contains("<mark>Wombat</mark>"));
        assertTrue(both.getString("items[0].highlights.body").contains("<mark>Revenue</mark>"));
    }

    @Test
    void aMessageTooLargeToIndexWholeIsStoredAndFoundByItsSubjectAndFirstWords() {
        // ~3 MB of distinct words in the body and ~5 MB in its attachment's text: indexed whole, either would pass
        // tsvector's 1 MiB limit
        StringBuilder body = new StringBuilder("zeppelin ");
        for (long i = 0; body.length() < 3_000_000; i++) {
            body.append('w').append(Long.toString(i * 7_919L, 36)).append(' ');
        }
        message("t6", "m6", C, "eve@example.org", "Eve", List.of("support@" + C), List.of(), "Huge manifest",
                body.toString(), null, NOW.minus(5, ChronoUnit.HOURS), true, false, "inbox", null);
        sql("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256) VALUES"
                + " ($1, $2, 0, 'dump.txt', 'text/plain', 5000000, $3)", "att6-" + RUN, "m6", "sha6-" + RUN);
        sql("INSERT INTO attachment_text (sha256, status, text, updated_at) VALUES ($1, 'done', $2, now())",
                "sha6-" + RUN, "blimp " + body + body);
        assertEquals(List.of(id("t6")), ids(keyC, "manifest"));
        assertEquals(List.of(id("t6")), ids(keyC, "zeppelin"));
        assertEquals(List.of(id("t6")), ids(keyC, "blimp"));
        assertEquals(List.of(id("t6")), ids(keyC, "from:eve"));
    }

    @Test
    void anotherTenantsKeyFindsNoneOfTheDomainsMessages() {
        for (String q : List.of("quarterly", "from:ann", "cc:carol", "label:finance", "in:anywhere", "report")) {
            assertFalse(ids(keyB, q).stream().anyMatch(id -> id.contains("-t1") || id.contains("-t4")), q);
            assertEquals(List.of(), ids(keyNobody, q), q);
        }
        assertEquals(List.of(id("t5")), ids(keyB, "quarterly"));
        assertEquals(List.of(id("t1")), ids(keyA, "quarterly"));
        // a mailbox the key does not cover is not found, like one that does not exist
        given().header("Authorization", "Bearer " + keyB).get("/v1/threads?mailbox=" + id("mbA")).then()
                .statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + keyA).get("/v1/threads?mailbox=none-" + RUN).then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void whatCannotBeReadIsA422NamingTheParameterAndTheToken() {
        invalid(keyA, "q=report+is:important", "q", "is:important");
        invalid(keyA, "q=form:ann", "q", "form:ann");
        invalid(keyA, "q=newer_than:2w", "q", "newer_than:2w");
        invalid(keyA, "folder=outbox", "folder", "inbox");
        invalid(keyA, "limit=0", "limit", "between");
        invalid(keyA, "page_token=nonsense", "page_token", "page token");
        given().get("/v1/threads").then().statusCode(401).contentType("application/problem+json");
        String sendOnly = TestKeys.publish(EnumSet.of(Permission.SEND), List.of(A), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> given()
                .header("Authorization", "Bearer " + sendOnly).get("/v1/threads").then().statusCode(403));
    }

    private List<String> ids(String q) {
        return ids(keyA, q);
    }

    private static List<String> ids(String key, String q) {
        return given().header("Authorization", "Bearer " + key).queryParam("q", q).get("/v1/threads").then()
                .statusCode(200).extract().jsonPath().getList("items.id");
    }

    private static JsonPath list(String key, String query) {
        return given().header("Authorization", "Bearer " + key).urlEncodingEnabled(false)
                .get(query.isEmpty() ? "/v1/threads" : "/v1/threads?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static void invalid(String key, String query, String field, String detail) {
        given().header("Authorization", "Bearer " + key).urlEncodingEnabled(false).get("/v1/threads?" + query).then()
                .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo(field))
                .body("errors[0].detail", containsString(detail));
    }

    private static String id(String name) {
        return RUN + "-" + name;
    }

    private void message(String thread, String message, String domain, String from, String fromName, List<String> to,
            List<String> cc, String subject, String text, String html, Instant at, boolean unread, boolean starred,
            String folder, String label) {
        String mailbox = domain.equals(A) ? "mbA" : domain.equals(B) ? "mbB" : "mbC";
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at, message_count,"
                + " unread_count, needs_reply) VALUES ($1, $2, $3, $1, $4, $5, 1, $6, true)")
                .execute(Tuple.from(List.of(id(thread), id(mailbox), domain, subject, when, unread ? 1 : 0)))
                .await().indefinitely();
        pool.preparedQuery("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, from_address, from_name,"
                + " to_addresses, cc_addresses, subject, at, text_body, html_body, snippet, unread, starred, folder,"
                + " labels) VALUES ($1, $2, $3, $4, 'inbound', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
                + " $17)")
                .execute(Tuple.from(java.util.Arrays.asList(id(message), id(mailbox), id(thread), domain, from,
                        fromName, addresses(to), addresses(cc), subject, when, text, html, "snippet of " + id(message),
                        unread, starred, folder, label == null ? new String[0] : new String[] { label })))
                .await().indefinitely();
    }

    private static JsonArray addresses(List<String> addresses) {
        JsonArray out = new JsonArray();
        addresses.forEach(a -> out.add(new JsonObject().put("address", a).putNull("name")));
        return out;
    }

    private void sql(String sql, Object... args) {
        Object[] values = args.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof String s && s.matches("mb[ABC]|m\\d")) { // names of this run's rows
                values[i] = id(s);
            }
        }
        pool.preparedQuery(sql).execute(Tuple.from(java.util.Arrays.asList(values))).await().indefinitely();
    }
}
