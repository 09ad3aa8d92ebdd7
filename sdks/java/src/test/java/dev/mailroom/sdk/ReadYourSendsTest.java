package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailroom.sdk.RecordingServer.Answer;

/**
 * Reading your own sends: a read of an id this client's own send was given retries the 404 the api answers until the
 * mailbox has filed the send; any other id, or with {@code readYourSends(false)}, answers its 404 at once.
 */
class ReadYourSendsTest {

    static final Pattern MESSAGE = Pattern.compile("/v1/messages/([^/]+)(/raw|/body)?");
    static final String NOT_FOUND = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}";
    static final SendParams ONE = SendParams.builder().from("a@agents.localhost").to("b@example.org").subject("s")
            .text("t").build();

    /** Sends answer ids; a GET of a message answers 404 the first {@code misses} times, then 200. */
    static Function<RecordingServer.Request, Answer> mailbox(int misses) {
        Map<String, Integer> gets = new ConcurrentHashMap<>();
        return r -> {
            String p = r.path();
            if (r.method().equals("POST") && p.equals("/v1/send")) {
                return Answer.json(202, "{\"id\":\"snd_1\",\"message_id\":\"<1@x>\"}");
            }
            if (r.method().equals("POST") && p.equals("/v1/send/batch")) {
                return Answer.json(202, "{\"ids\":[\"b1\",\"b2\"],\"message_ids\":[\"<b1@x>\",\"<b2@x>\"]}");
            }
            if (r.method().equals("POST") && p.endsWith("/reply")) {
                return Answer.json(202, "{\"id\":\"rep_1\",\"status\":\"queued\",\"message_id\":\"<r@x>\"}");
            }
            if (r.method().equals("POST") && p.endsWith("/send")) {
                return Answer.json(202, "{\"id\":\"ag_1\",\"status\":\"queued\",\"message_id\":\"<a@x>\"}");
            }
            Matcher m = MESSAGE.matcher(p);
            if (r.method().equals("GET") && m.matches()) {
                if (gets.merge(p, 1, Integer::sum) <= misses) {
                    return Answer.problem(404, NOT_FOUND, Map.of());
                }
                if ("/raw".equals(m.group(2))) {
                    return Answer.text(200, "message/rfc822", "Subject: s\r\n\r\nhi");
                }
                if ("/body".equals(m.group(2))) {
                    return Answer.text(200, "text/html", "<p>hi</p>");
                }
                return Answer.json(200, "{\"id\":\"" + m.group(1) + "\",\"status\":\"queued\",\"attempts\":[]}");
            }
            return Answer.problem(500, "{\"title\":\"unexpected\",\"status\":500}", Map.of());
        };
    }

    static long gets(RecordingServer s, String path) {
        return s.requests.stream().filter(r -> r.method().equals("GET") && r.path().equals(path)).count();
    }

    static Mailroom.Builder client(RecordingServer s) {
        return Mailroom.builder().apiKey("mr_test").baseUrl(s.url());
    }

    @Test
    void getOfAnIdJustSentRetriesThe404UntilTheMailboxHasIt() throws Exception {
        try (RecordingServer s = new RecordingServer(mailbox(2))) {
            Mailroom mr = client(s).build();
            SendAccepted sent = mr.emails().send(ONE);
            long start = System.nanoTime();
            Message status = mr.emails().get(sent.id());
            assertEquals("snd_1", status.id());
            assertEquals("queued", status.status());
            assertEquals(3, gets(s, "/v1/messages/snd_1"), "two 404s, then the 200");
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "100 ms then 200 ms of backoff");
        }
    }

    @Test
    void idsFromSendBatchReplyAndAgentSendRetryOnGetRawAndBody() throws Exception {
        try (RecordingServer s = new RecordingServer(mailbox(1))) {
            Mailroom mr = client(s).build();
            mr.emails().sendBatch(List.of(ONE, ONE));
            ReplyAccepted reply = mr.emails().reply("orig", ReplyParams.text("r"));
            ReplyAccepted agent = mr.agents().send("Echo", "t1", ONE);
            assertEquals("b2", mr.messages().get("b2").id());
            assertArrayEquals("Subject: s\r\n\r\nhi".getBytes(StandardCharsets.UTF_8), mr.messages().raw("b1"));
            assertEquals("<p>hi</p>", mr.messages().body(reply.id()));
            assertEquals("ag_1", mr.emails().get(agent.id()).id());
            for (String p : List.of("/v1/messages/b2", "/v1/messages/b1/raw", "/v1/messages/rep_1/body",
                    "/v1/messages/ag_1")) {
                assertEquals(2, gets(s, p), p);
            }
        }
    }

    @Test
    void anIdNeverSentAnswersIts404AtOnceWhileItsOwnSendIsWaitedFor() throws Exception {
        try (RecordingServer s = new RecordingServer(mailbox(2))) {
            Mailroom mr = client(s).build();
            SendAccepted sent = mr.emails().send(ONE);
            long start = System.nanoTime();
            assertThrows(NotFoundException.class, () -> mr.emails().get("someone_elses"));
            assertTrue(System.nanoTime() - start < Duration.ofMillis(100).toNanos(), "no backoff");
            assertEquals(1, gets(s, "/v1/messages/someone_elses"));
            assertEquals(sent.id(), mr.emails().get(sent.id()).id());
            assertEquals(3, gets(s, "/v1/messages/snd_1"));
        }
    }

    @Test
    void readYourSendsFalseAnswersThe404AtOnceAndTheDefaultWaits() throws Exception {
        try (RecordingServer s = new RecordingServer(mailbox(2))) {
            Mailroom off = client(s).readYourSends(false).build();
            SendAccepted sent = off.emails().send(ONE);
            assertThrows(NotFoundException.class, () -> off.emails().get(sent.id()));
            assertEquals(1, gets(s, "/v1/messages/snd_1"));
            Mailroom on = client(s).build();
            assertEquals("snd_1", on.emails().get(on.emails().send(ONE).id()).id());
            assertEquals(3, gets(s, "/v1/messages/snd_1"), "one more 404, then the 200");
        }
    }

    @Test
    void aSendNeverFiledThrowsThe404AfterTheTimeAllowedBoundedByTheTimeout() throws Exception {
        try (RecordingServer s = new RecordingServer(mailbox(1000))) {
            Mailroom mr = client(s).timeout(Duration.ofMillis(500)).build();
            SendAccepted sent = mr.emails().send(ONE);
            long start = System.nanoTime();
            assertThrows(NotFoundException.class, () -> mr.emails().get(sent.id()));
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(took >= 450 && took < 2000, "took " + took + " ms");
            assertTrue(gets(s, "/v1/messages/snd_1") >= 3);
        }
    }

    @Test
    void recentSendsForgetsAfter60sAndKeepsTheNewest1000() {
        AtomicLong now = new AtomicLong();
        RecentSends r = new RecentSends(RecentSends.REMEMBER_FOR, RecentSends.REMEMBER_MAX, now::get);
        r.remember("a");
        now.set(Duration.ofSeconds(59).toNanos());
        r.remember("b");
        r.remember(null);
        r.remember("");
        assertTrue(r.contains("a") && r.contains("b"));
        now.set(Duration.ofMillis(60_001).toNanos());
        assertFalse(r.contains("a"));
        assertTrue(r.contains("b"));
        for (int i = 0; i < 1000; i++) {
            r.remember("n" + i);
        }
        assertFalse(r.contains("b"));
        assertTrue(r.contains("n0") && r.contains("n999"));
        assertEquals(1000, r.size());
    }
}
