package dev.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 17, as a user meets it: mail with a PDF and an image sent by SMTP ({@code swaks}) to the echo agent lands in
 * the mailbox of its address, in one thread with the agent's answer (delivered to the smarthost); the attachment and
 * raw bytes read back through the api equal what was sent (SHA-256); the PDF's text is extracted and found by search,
 * as are the Gmail-style operators; a reply written through the API ({@code POST /v1/messages/{id}/reply}) reaches
 * the receiving client (Postfix's {@code smtp-sink}) threaded to the original; the Drafter agent's held answer shows
 * inline in its thread. Run by {@link EchoEndToEndIT} on its stack.
 */
final class MailboxScenario {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final SmtpSink sink;
    private final Path work;

    MailboxScenario(Stack stack, SmtpSink sink, Path work) {
        this.stack = stack;
        this.sink = sink;
        this.work = work;
    }

    void run() throws Exception {
        String marker = "mbx" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        byte[] pdf = pdf("quarterly zebrafinch invoice " + marker);
        byte[] png = png();
        Path pdfFile = Files.write(work.resolve("report-" + marker + ".pdf"), pdf);
        Path pngFile = Files.write(work.resolve("logo.png"), png);
        Stack.Result sent = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", address, "--header", "Subject: report " + marker,
                "--header", "Message-Id: <" + marker + "@e2e.example>", "--body", "the report is attached",
                "--attach-type", "application/pdf", "--attach-name", pdfFile.getFileName().toString(),
                "--attach", "@" + pdfFile, "--attach-type", "image/png", "--attach-name", "logo.png",
                "--attach", "@" + pngFile, "--timeout", "60"), Map.of(), Duration.ofSeconds(90));
        assertEquals(0, sent.exitCode(), sent.output());

        // the mailbox of the address, its thread: the inbound message and the echo agent's answer, delivered
        String mailbox = await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(
                () -> mailboxOf(address), id -> id != null);
        AtomicReference<JsonNode> thread = new AtomicReference<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode threads = json("GET", "/v1/threads?mailbox=" + mailbox, null);
            assertEquals(1, threads.get("items").size(), threads.toString());
            thread.set(json("GET", "/v1/threads/" + threads.get("items").get(0).get("id").asText(), null));
            JsonNode messages = thread.get().get("messages");
            return messages.size() == 2 && "outbound".equals(messages.get(1).get("direction").asText())
                    && List.of("sent", "delivered").contains(messages.get(1).get("status").asText());
        });
        JsonNode inbound = thread.get().get("messages").get(0);
        assertEquals("inbound", inbound.get("direction").asText(), thread.toString());
        String messageId = inbound.get("id").asText();
        JsonNode message = json("GET", "/v1/messages/" + messageId, null);
        assertEquals("report " + marker, message.get("subject").asText(), message.toString());

        // bytes in equal bytes out: each attachment and the raw message
        JsonNode attachments = message.get("attachments");
        assertEquals(2, attachments.size(), message.toString());
        for (JsonNode a : attachments) {
            byte[] expected = a.get("filename").asText().endsWith(".pdf") ? pdf : png;
            byte[] got = stack.api("GET", "/v1/messages/" + messageId + "/attachments/" + a.get("id").asText(), null)
                    .body();
            assertEquals(sha256(expected), sha256(got), a.toString());
            assertEquals(sha256(expected), a.get("sha256").asText(), a.toString());
        }
        byte[] raw = stack.api("GET", "/v1/messages/" + messageId + "/raw", null).body();
        String rawText = new String(raw, StandardCharsets.US_ASCII);
        assertTrue(rawText.contains("<" + marker + "@e2e.example>"), rawText.substring(0, Math.min(400, rawText.length())));
        assertEquals(message.get("raw").get("sha256").asText(), sha256(raw));

        // search: operators, and the PDF's text once extracted
        assertTrue(found("has:attachment filename:" + pdfFile.getFileName(), mailbox));
        assertTrue(!found("filename:absent-" + marker + ".pdf", mailbox), "a negative operator finds nothing");
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> found("zebrafinch", mailbox));
        JsonNode text = json("GET", "/v1/messages/" + messageId, null);
        String pdfId = null;
        for (JsonNode a : text.get("attachments")) {
            if (a.get("filename").asText().endsWith(".pdf")) {
                pdfId = a.get("id").asText();
            }
        }
        String extracted = stack.apiText("GET", "/v1/messages/" + messageId + "/attachments/" + pdfId
                + "?format=text", null);
        assertTrue(extracted.contains("zebrafinch invoice " + marker), extracted);

        // a person answers through the API: the receiving client gets it threaded to the original
        String replyMarker = "reply-" + marker;
        JsonNode reply = json("POST", "/v1/messages/" + messageId + "/reply",
                JSON.writeValueAsString(Map.of("text", "a person answers " + replyMarker)));
        assertTrue(reply.has("id"), reply.toString());
        List<String> arrived = new ArrayList<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
            arrived.clear();
            sink.messages().stream().filter(m -> m.contains(replyMarker)).forEach(arrived::add);
            return !arrived.isEmpty();
        });
        Map<String, String> headers = EchoEndToEndIT.headers(arrived.get(0));
        assertEquals("<" + marker + "@e2e.example>", headers.get("In-Reply-To"), headers.toString());
        assertTrue(headers.get("References").contains("<" + marker + "@e2e.example>"), headers.toString());
        assertEquals("Re: report " + marker, headers.get("Subject"), headers.toString());
        assertTrue(headers.get("To").contains("tester@example.org"), headers.toString());
    }

    /** The Drafter agent holds its answer for approval: the draft shows inline in the mailbox's thread. */
    void draftsShowInline() throws Exception {
        String marker = "drf" + System.nanoTime();
        String address = "drafter+" + marker + "@agents.localhost";
        Stack.Result sent = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", address, "--header", "Subject: question " + marker,
                "--header", "Message-Id: <" + marker + "@e2e.example>", "--body", "may I have an answer?",
                "--timeout", "60"), Map.of(), Duration.ofSeconds(90));
        assertEquals(0, sent.exitCode(), sent.output());
        String mailbox = await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(
                () -> mailboxOf(address), id -> id != null);
        AtomicReference<JsonNode> thread = new AtomicReference<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode threads = json("GET", "/v1/threads?mailbox=" + mailbox, null);
            thread.set(json("GET", "/v1/threads/" + threads.get("items").get(0).get("id").asText(), null));
            return thread.get().get("drafts").size() == 1;
        });
        JsonNode draft = thread.get().get("drafts").get(0);
        assertEquals("pending", draft.get("status").asText(), draft.toString());
        assertEquals(List.of("tester@example.org"), List.of(draft.get("to").get(0).asText()), draft.toString());
        assertEquals(1, thread.get().get("messages").size(), "the draft is not sent: " + thread);
    }

    private String mailboxOf(String address) throws Exception {
        for (JsonNode m : json("GET", "/v1/mailboxes?limit=200", null).get("items")) {
            if (address.equals(m.get("address").asText())) {
                return m.get("id").asText();
            }
        }
        return null;
    }

    private boolean found(String query, String mailbox) throws Exception {
        JsonNode result = json("GET", "/v1/threads?mailbox=" + mailbox + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
        return result.get("items").size() > 0;
    }

    private JsonNode json(String method, String path, String body) throws Exception {
        var r = stack.api(method, path, body);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + ": " + r.statusCode() + " " + text);
        return JSON.readTree(text);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A one-page PDF (1.4) showing {@code text} in Helvetica, written by hand with a correct cross-reference. */
    static byte[] pdf(String text) {
        String content = "BT /F1 18 Tf 72 700 Td (" + text + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A 1×1 PNG. */
    private static byte[] png() {
        return HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                + "0000000d4944415478da63f8cfc0f01f0005000201a2e4a2f70000000049454e44ae426082");
    }
}
