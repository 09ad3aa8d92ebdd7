package dev.mailroom.mailbox.extract;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.extract.TestDocuments;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.TestKeys;
import dev.mailroom.stack.KafkaTestResource;
import dev.mailroom.stack.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The worker against the real schema and the real PostgreSQL blob store: rows inserted as the ingest would write them
 * (blob and its bytes, mailbox, thread, message, attachment, a pending {@code attachment_text}), then the worker left
 * to run.
 */
@QuarkusTest
@TestProfile(ExtractWorkerProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AttachmentTextWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Test
    void aGeneratedPdfGoesFromPendingToDone() {
        String sha = attach(null, "invoice.pdf", TestDocuments.PDF, TestDocuments.pdf("Invoice 117 total 420 EUR"));
        Row row = awaitStatus(sha, "done");
        assertTrue(row.getString("text").contains("Invoice 117 total 420 EUR"), row.getString("text"));
        assertFalse(row.getBoolean("truncated"));
        assertEquals(1, row.getInteger("attempts"));
    }

    @Test
    void hostileInputFailsOrIsCutAndTheWorkerKeepsGoing() {
        String bomb = attach(null, "bomb.docx", TestDocuments.DOCX, TestDocuments.zipBombDocx(200L << 20));
        String cut = attach(null, "cut.docx", "application/octet-stream", TestDocuments.truncatedDocx(0.5));
        String huge = attach(null, "huge.pdf", TestDocuments.PDF, TestDocuments.pdfOfPages(10_000));
        String after = attach(null, "after.docx", TestDocuments.DOCX, TestDocuments.docx("still extracting"));

        Row bombRow = awaitStatus(bomb, "failed");
        assertTrue(bombRow.getString("detail").contains("zip bomb"), bombRow.getString("detail"));
        assertEquals(2, bombRow.getInteger("attempts"), "retried once, then failed");
        assertNull(bombRow.getString("text"));

        Row cutRow = awaitStatus(cut, "failed");
        assertTrue(cutRow.getString("detail").startsWith("docx: "), cutRow.getString("detail"));

        Row hugeRow = awaitStatus(huge, "done");
        assertTrue(hugeRow.getBoolean("truncated"));
        assertEquals("read the first 500 of 10000 pages", hugeRow.getString("detail"));

        assertEquals("still extracting", awaitStatus(after, "done").getString("text"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailroom_mailbox_extractions_total{status=\"failed\"}"))
                .body(containsString("mailroom_mailbox_extractions_total{status=\"done\"}"))
                .body(containsString("mailroom_mailbox_extractions_total{status=\"retried\"}"))
                .body(containsString("mailroom_mailbox_extraction_seconds_count{status=\"done\"}"));
    }

    @Test
    void aContentOnlyDisabledClassesReferenceIsSkippedUntilAnotherMessageHasItAndASharedOneIsRead() {
        byte[] secret = TestDocuments.docx("vault only " + UUID.randomUUID());
        String skipped = attach("Vault", "a.docx", TestDocuments.DOCX, secret);
        Row row = awaitStatus(skipped, "skipped");
        assertNull(row.getString("text"));
        assertTrue(row.getString("detail").contains("disabled"), row.getString("detail"));
        insertMessageWithAttachment(null, "a.docx", TestDocuments.DOCX, skipped); // then mail of no class has it
        assertTrue(awaitStatus(skipped, "done").getString("text").startsWith("vault only "));

        byte[] shared = TestDocuments.docx("shared " + UUID.randomUUID());
        String sha = sha256(shared);
        insertMessageWithAttachment("vault", "b.docx", TestDocuments.DOCX, sha); // class names: any case
        String read = attach("Support", "b.docx", TestDocuments.DOCX, shared);
        assertEquals(sha, read);
        assertTrue(awaitStatus(read, "done").getString("text").startsWith("shared "));
    }

    @Test
    void aPdfFoundByAWordOfItsTextIsHighlightedWithItsEscapedFileName() {
        String word = "okapi" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String filename = "<img src=x onerror=alert(1)>&\"ledger" + word.substring(5) + "\".pdf";
        String sha = attach(null, filename, TestDocuments.PDF, TestDocuments.pdf("annual " + word + " statement"));
        awaitStatus(sha, "done");
        String key = TestKeys.publish(EnumSet.of(Permission.READ), List.of("extract.test"), null);
        JsonPath page = await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(
                () -> given().header("Authorization", "Bearer " + key).queryParam("q", word).get("/v1/threads")
                        .then().statusCode(200).extract().jsonPath(),
                found -> found.getList("items").size() == 1);
        assertEquals("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;ledger" + word.substring(5) + "&quot;.pdf",
                page.getString("items[0].highlights.attachment.filename"));
        String text = page.getString("items[0].highlights.attachment.text");
        assertTrue(text.contains("annual <mark>" + word + "</mark> statement"), text);
        assertFalse(String.valueOf(page.getString("items[0].highlights.body")).contains("<mark>"), "not in the body");
        // found by the file name only: no attachment highlight
        JsonPath byName = given().header("Authorization", "Bearer " + key)
                .queryParam("q", "ledger" + word.substring(5)).get("/v1/threads").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(1, byName.getList("items").size());
        assertNull(byName.get("items[0].highlights.attachment"), "the word is in no attachment's text");
    }

    @Test
    void anUnsupportedTypeIsMarkedSoOnce() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, (byte) UUID.randomUUID().hashCode()};
        Row row = awaitStatus(attach(null, "photo.png", "image/png", png), "unsupported");
        assertTrue(row.getString("detail").contains("image/png"));
        assertEquals(1, row.getInteger("attempts"));
    }

    // ---- rows as the ingest writes them ----

    /** A message (of {@code agentClass}, or none) carrying {@code bytes}; the content pending. Its SHA-256. */
    private String attach(String agentClass, String filename, String contentType, byte[] bytes) {
        String sha = sha256(bytes);
        // as Blobs.store writes it: the row first (the attachment's trigger counts the reference), then the bytes
        exec("INSERT INTO blob (sha256, size, refcount, store, created_at) VALUES ($1, $2, 0, 'postgresql', now()) "
                + "ON CONFLICT DO NOTHING", Tuple.of(sha, (long) bytes.length));
        exec("INSERT INTO blob_content (sha256, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                Tuple.of(sha, Buffer.buffer(bytes)));
        insertMessageWithAttachment(agentClass, filename, contentType, sha);
        exec("INSERT INTO attachment_text (sha256, status, content_type, updated_at) VALUES ($1, 'pending', $2, now()) "
                + "ON CONFLICT DO NOTHING", Tuple.of(sha, contentType));
        return sha;
    }

    private void insertMessageWithAttachment(String agentClass, String filename, String contentType, String sha) {
        String n = UUID.randomUUID().toString();
        String mailbox = "mbx-" + n;
        String thread = "thr-" + n;
        String message = "msg-" + n;
        exec("INSERT INTO mailbox (id, address, domain, agent_class, created_at) VALUES ($1, $2, 'extract.test', $3, now())",
                Tuple.of(mailbox, n + "@extract.test", agentClass));
        exec("INSERT INTO thread (id, mailbox_id, domain, root, subject, last_message_at) "
                + "VALUES ($1, $2, 'extract.test', $3, 'files', now())", Tuple.of(thread, mailbox, n));
        exec("INSERT INTO message (id, mailbox_id, thread_id, domain, direction, at, agent_class) "
                + "VALUES ($1, $2, $3, 'extract.test', 'inbound', $4, $5)",
                Tuple.of(message, mailbox, thread, OffsetDateTime.now(), agentClass));
        exec("INSERT INTO attachment (id, message_id, ordinal, filename, content_type, size, sha256) "
                + "VALUES ($1, $2, 0, $3, $4, 0, $5)", Tuple.of("att-" + n, message, filename, contentType, sha));
    }

    private Row awaitStatus(String sha, String status) {
        Row[] last = new Row[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            RowSet<Row> rows = pool.preparedQuery("SELECT * FROM attachment_text WHERE sha256 = $1")
                    .execute(Tuple.of(sha)).await().indefinitely();
            last[0] = rows.iterator().next();
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
