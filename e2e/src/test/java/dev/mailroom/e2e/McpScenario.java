package dev.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 20's MCP server as a coding agent meets it on the real stack: the official TypeScript SDK client
 * ({@code @modelcontextprotocol/sdk}, through {@code e2e/src/test/node/mcp-e2e/client.mjs}, installed with
 * {@code npm ci} into {@code e2e/target/node/mcp-e2e}) over both transports — Streamable HTTP (the api's {@code /mcp}
 * with a key) and stdio ({@code StdioClientTransport} launching {@code bin/mailroom mcp} with {@code MAILROOM_API_URL}
 * and {@code MAILROOM_API_KEY} in its environment, as an {@code mcpServers} entry does). Every case runs over both;
 * one session per transport and key stays open across steps, as an agent's would. Run by {@link EchoEndToEndIT} on
 * its stack (tests {@code mcp*}); node's and the bridge's stderr in the work folder's {@code mcp/}.
 */
final class McpScenario implements AutoCloseable {

    enum Transport {
        HTTP, STDIO;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Duration STEP = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "agents.localhost";

    private final Stack stack;
    private final SmtpSink sink;
    private final Path logs;
    private final String run = "mcp" + Long.toString(System.currentTimeMillis(), 36);
    private final Map<Transport, Session> admin = new EnumMap<>(Transport.class);
    private final List<Session> opened = new ArrayList<>();
    private Path harness;

    McpScenario(Stack stack, SmtpSink sink, Path work) throws IOException {
        this.stack = stack;
        this.sink = sink;
        this.logs = Files.createDirectories(work.resolve("mcp"));
    }

    // ---- cases ----

    /**
     * tools/list: exactly the tools of the api README's MCP table, each with an object input schema holding the
     * parameters the table names (those marked {@code ?} not required), an object output schema (all but
     * {@code get_attachment}, which has none, and the three "not supported yet" draft tools), and the table's hints as annotations
     * (R readOnlyHint, D destructiveHint, I idempotentHint); the stdio bridge hands over the very same list.
     */
    synchronized void toolsAreListedAsTheApiReadmeDocumentsThem() throws Exception {
        Map<String, DocumentedTool> documented = documentedTools();
        assertTrue(documented.size() >= 24, "the README's MCP table was not read: " + documented.keySet());
        Map<Transport, JsonNode> lists = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            JsonNode tools = admin(t).list().path("tools");
            lists.put(t, tools);
            Map<String, JsonNode> byName = new HashMap<>();
            tools.forEach(tool -> byName.put(tool.path("name").asText(), tool));
            assertEquals(new TreeSet<>(documented.keySet()), new TreeSet<>(byName.keySet()),
                    t + ": the tools listed are the README's");
            for (DocumentedTool d : documented.values()) {
                JsonNode tool = byName.get(d.name());
                String where = t + " " + d.name() + ": " + tool;
                assertTrue(tool.path("description").asText().length() > 20, where);
                JsonNode input = tool.path("inputSchema");
                assertEquals("object", input.path("type").asText(), where);
                Set<String> properties = new TreeSet<>();
                input.path("properties").fieldNames().forEachRemaining(properties::add);
                assertTrue(properties.containsAll(d.parameters()), where + " lacks parameters of " + d.parameters());
                Set<String> required = new TreeSet<>();
                input.path("required").forEach(r -> required.add(r.asText()));
                for (String optional : d.optional()) {
                    assertFalse(required.contains(optional), where + ": " + optional + " is optional");
                }
                if (d.structured()) {
                    assertEquals("object", tool.path("outputSchema").path("type").asText(), where);
                    assertTrue(tool.path("outputSchema").path("properties").size() > 0, where);
                }
                JsonNode a = tool.path("annotations");
                assertEquals(d.readOnly(), a.path("readOnlyHint").asBoolean(!d.readOnly()), where + " readOnlyHint");
                assertEquals(d.destructive(), a.path("destructiveHint").asBoolean(!d.destructive()),
                        where + " destructiveHint");
                assertEquals(d.idempotent(), a.path("idempotentHint").asBoolean(!d.idempotent()),
                        where + " idempotentHint");
            }
            // its text or an embedded resource: no structured result to promise
            assertTrue(byName.get("get_attachment").path("outputSchema").isMissingNode(),
                    byName.get("get_attachment").toString());
            // the untrusted wrapper is part of what a reader tool promises
            assertTrue(byName.get("get_email").path("outputSchema").path("properties").has("untrusted"),
                    byName.get("get_email").toString());
        }
        assertEquals(lists.get(Transport.HTTP), lists.get(Transport.STDIO), "the stdio bridge changed the tool list");
    }

    /**
     * SMTP (swaks) to {@code echo+<instance>@agents.localhost}, then {@code wait_for_reply} with the message's
     * Message-ID: the echo agent's answer with its count, as untrusted content; from cursor 0 with
     * {@code direction: out} the same answer and nothing after it; {@code get_agent_state} counts the message.
     */
    synchronized void echoAnswerArrivesThroughWaitForReply() throws Exception {
        for (Transport t : Transport.values()) {
            Session mcp = admin(t);
            String instance = run + "-" + t.label();
            String subject = "mcp echo " + t.label() + " " + run;
            String messageId = subject.replace(' ', '.') + "@e2e.example";
            swaks("echo+" + instance + "@" + DOMAIN, subject, messageId, "ping through MCP over " + t.label());

            // "not found" until agent-host has the instance (the mail is on its way through the router)
            JsonNode waited = until(t + ": Echo/" + instance + " exists", () -> okOrNotYet(mcp.call("wait_for_reply",
                    Map.of("agentClass", "Echo", "instance", instance, "inReplyTo", "<" + messageId + ">",
                            "waitSeconds", 60))));
            assertFalse(waited.path("timedOut").asBoolean(), t + ": no answer within 60 s: " + waited);
            JsonNode answer = waited.path("messages").path(0);
            assertEquals(1, waited.path("messages").size(), t + ": " + waited);
            assertEquals("out", answer.path("direction").asText(), t + ": " + answer);
            assertEquals(messageId, answer.path("inReplyTo").asText(), t + ": " + answer);
            assertEquals("echo+" + instance + "@" + DOMAIN, answer.path("from").asText(), t + ": " + answer);
            assertEquals(List.of("tester@example.org"), strings(answer.path("to")), t + ": " + answer);
            JsonNode untrusted = answer.path("untrusted");
            assertTrue(untrusted.path("trust").asText().startsWith("untrusted"), t + ": " + answer);
            assertEquals("Re: " + subject, untrusted.path("subject").asText(), t + ": " + answer);
            assertTrue(untrusted.path("text").asText().contains("instance=" + instance + " count=1"),
                    t + ": not the echo's answer: " + answer);

            // the instance's mail from the start, what it sent only: the same answer, and a cursor past it
            JsonNode next = ok(mcp.call("wait_for_reply", Map.of("agentClass", "Echo", "instance", instance,
                    "after", 0, "direction", "out", "waitSeconds", 30)));
            assertEquals(answer.path("id").asText(), next.path("messages").path(0).path("id").asText(),
                    t + ": the instance's first message out is the answer: " + next);
            JsonNode none = ok(mcp.call("wait_for_reply", Map.of("agentClass", "Echo", "instance", instance,
                    "after", next.path("cursor").asLong(), "direction", "out", "waitSeconds", 1)));
            assertTrue(none.path("timedOut").asBoolean() && none.path("messages").isEmpty(), t + ": " + none);

            JsonNode state = ok(mcp.call("get_agent_state", Map.of("agentClass", "Echo", "instance", instance)));
            assertEquals(1, state.path("state").path("count").asInt(), t + ": " + state);
        }
    }

    /**
     * {@code send_email} from {@code app@agents.localhost} with a cc and an attachment: at the smarthost's sink with
     * the Message-ID the tool answered, the copy and the file; the same idempotency key again is the same send;
     * {@code get_email_status} follows it to sent.
     */
    synchronized void sendEmailArrivesAtTheSink() throws Exception {
        for (Transport t : Transport.values()) {
            Session mcp = admin(t);
            String subject = "mcp send " + t.label() + " " + run;
            String notes = "notes for " + subject;
            String file = Base64.getEncoder().encodeToString(notes.getBytes(StandardCharsets.UTF_8));
            Map<String, Object> args = Map.of("mailboxId", "app@" + DOMAIN, "to", List.of("customer@example.org"),
                    "cc", List.of("copy@example.org"), "subject", subject, "text", "hello through MCP over " + t.label(),
                    "attachments", List.of(Map.of("filename", "notes-" + t.label() + ".txt", "contentType",
                            "text/plain", "content", file)), "idempotencyKey", "mcp-" + subject.replace(' ', '-'));
            JsonNode sent = ok(mcp.call("send_email", args));
            String id = sent.path("id").asText();
            String messageId = sent.path("messageId").asText();
            assertFalse(id.isBlank(), t + ": " + sent);
            assertEquals("queued", sent.path("status").asText(), t + ": " + sent);
            assertTrue(messageId.matches("<[^<>@\\s]+@" + Pattern.quote(DOMAIN) + ">"), t + ": " + sent);

            String message = sinkMessage("Subject: " + subject);
            assertTrue(message.contains("Message-ID: " + messageId), messageId + " in\n" + message);
            assertTrue(message.contains("hello through MCP over " + t.label()), message);
            assertTrue(Pattern.compile("(?m)^Cc: .*copy@example\\.org").matcher(message).find(), message);
            assertTrue(message.contains("notes-" + t.label() + ".txt"), "the attachment's name:\n" + message);
            assertTrue(message.contains(notes) || message.replaceAll("\\s", "").contains(file),
                    "the attachment's content:\n" + message);

            JsonNode again = ok(mcp.call("send_email", args));
            assertEquals(id, again.path("id").asText(), t + ": a retried keyed send is the same send: " + again);

            JsonNode status = until(t + ": get_email_status of " + id + " says sent", () -> {
                JsonNode s = okOrNotYet(mcp.call("get_email_status", Map.of("id", id)));
                return s != null && Set.of("sent", "delivered").contains(s.path("status").asText()) ? s : null;
            });
            assertEquals(id, status.path("id").asText(), status.toString());
            List<String> recipients = new ArrayList<>();
            status.path("recipients").forEach(r -> recipients.add(r.path("address").asText()));
            assertTrue(recipients.containsAll(List.of("customer@example.org", "copy@example.org")), status.toString());
            assertTrue(sink.messages().stream().filter(m -> m.contains("Subject: " + subject))
                    .allMatch(m -> m.contains("Message-ID: " + messageId)), t + ": sent twice");
        }
    }

    /**
     * SMTP to {@code drafter+<instance>@agents.localhost}: {@code list_drafts} shows the held answer,
     * {@code approve_draft} with an edited text sends it, and the edited text arrives at the sink threaded to the
     * question; a second approval is a tool error and nothing is pending any more.
     */
    synchronized void drafterDraftApprovedWithAnEditArrivesAtTheSink() throws Exception {
        for (Transport t : Transport.values()) {
            Session mcp = admin(t);
            String instance = run + "-" + t.label();
            String subject = "mcp draft " + t.label() + " " + run;
            String messageId = subject.replace(' ', '.') + "@e2e.example";
            swaks("drafter+" + instance + "@" + DOMAIN, subject, messageId, "please draft an answer");
            Map<String, Object> mine = Map.of("agentClass", "Drafter", "instance", instance);
            JsonNode draft = until(t + ": a pending draft of Drafter/" + instance, () -> {
                JsonNode drafts = okOrNotYet(mcp.call("list_drafts", mine));
                return drafts != null && drafts.path("drafts").size() > 0 ? drafts.path("drafts").path(0) : null;
            });
            String draftId = draft.path("id").asText();
            assertEquals("pending", draft.path("status").asText(), t + ": " + draft);
            assertEquals(List.of("tester@example.org"), strings(draft.path("to")), t + ": " + draft);
            assertTrue(draft.path("subject").asText().contains(subject), t + ": " + draft);

            String edited = "approved through MCP over " + t.label() + " " + run;
            JsonNode approved = ok(mcp.call("approve_draft", Map.of("draftId", draftId, "text", edited)));
            assertEquals(draftId, approved.path("id").asText(), t + ": " + approved);
            assertEquals("approved", approved.path("status").asText(), t + ": " + approved);

            String message = sinkMessage(edited);
            assertTrue(message.contains("In-Reply-To: <" + messageId + ">"), "not the answer to the question:\n"
                    + message);
            assertTrue(Pattern.compile("(?m)^To: .*tester@example\\.org").matcher(message).find(), message);

            String again = toolError(mcp.call("approve_draft", Map.of("draftId", draftId)));
            assertFalse(again.isBlank(), t + ": a decided draft approved again");
            Map<String, Object> pending = new HashMap<>(mine);
            pending.put("status", "pending");
            assertEquals(0, ok(mcp.call("list_drafts", pending)).path("drafts").size(), t + ": still pending");
        }
    }

    /**
     * A second domain with mail (an attachment, an echo instance, a Drafter draft) and two keys, one per domain: the
     * other domain's key reads it all through the tools (the control: the ids are right); the key of
     * agents.localhost gets "not found" from every mail read tool, lists none of it, and its changes change nothing.
     * The agent instance tools: {@link #keyScopedToOneDomainCannotReadAnotherDomainsAgentInstances}.
     */
    synchronized void keyScopedToOneDomainCannotReadAnothersMail() throws Exception {
        Foreign f = foreign();
        for (Transport t : Transport.values()) {
            Session mcp = open(t, f.ownKey(), "scoped-" + t.label());
            List<Map.Entry<String, Map<String, Object>>> reads = List.of(
                    Map.entry("list_emails", Map.of("mailboxId", f.mailbox())),
                    Map.entry("search_emails", Map.of("mailboxId", f.mailbox(), "query", f.marker())),
                    Map.entry("get_email", Map.of("mailboxId", f.mailbox(), "emailId", f.emailId())),
                    Map.entry("get_email", Map.of("mailboxId", f.ownMailbox(), "emailId", f.emailId())),
                    Map.entry("get_thread", Map.of("mailboxId", f.mailbox(), "threadId", f.threadId())),
                    Map.entry("get_thread", Map.of("mailboxId", f.ownMailbox(), "threadId", f.threadId())),
                    Map.entry("get_attachment", Map.of("emailId", f.emailId(), "attachmentId", f.attachmentId())),
                    Map.entry("get_attachment", Map.of("emailId", f.emailId(), "attachmentId", f.attachmentId(),
                            "format", "bytes")),
                    Map.entry("get_email_status", Map.of("id", f.emailId())));
            notFound(t, mcp, f, reads);
            JsonNode mailboxes = ok(mcp.call("list_mailboxes", Map.of())).path("mailboxes");
            assertTrue(mailboxes.size() > 0, t + ": the key sees its own domain's mailboxes");
            mailboxes.forEach(m -> assertFalse(m.path("address").asText().endsWith("@" + f.domain()),
                    t + ": listed " + m));
            JsonNode found = ok(mcp.call("search_emails", Map.of("mailboxId", f.ownMailbox(), "query", f.marker(),
                    "folder", "anywhere")));
            assertEquals(0, found.path("threads").size(), t + ": " + found);
            JsonNode drafts = ok(mcp.call("list_drafts", Map.of("status", "all"))).path("drafts");
            drafts.forEach(d -> assertFalse(f.draftId().equals(d.path("id").asText()), t + ": listed " + d));
            JsonNode theirs = mcp.call("list_drafts", Map.of("status", "all", "agentClass", "Drafter", "instance",
                    f.instance()));
            if (theirs.path("isError").asBoolean()) {
                assertTrue(toolError(theirs).startsWith("not found"), t + ": " + theirs);
            } else {
                assertEquals(0, ok(theirs).path("drafts").size(), t + ": listed " + theirs);
            }
            // changes: refused, and (below) nothing changed
            for (Map.Entry<String, Map<String, Object>> change : List.of(
                    Map.entry("mark_email_read", Map.<String, Object>of("mailboxId", f.mailbox(), "emailId",
                            f.emailId(), "read", true)),
                    Map.entry("move_email", Map.<String, Object>of("mailboxId", f.mailbox(), "emailId", f.emailId(),
                            "folderId", "trash")),
                    Map.entry("delete_email", Map.<String, Object>of("mailboxId", f.mailbox(), "emailId",
                            f.emailId())),
                    Map.entry("approve_draft", Map.<String, Object>of("draftId", f.draftId(), "text", "hijacked")),
                    Map.entry("reject_draft", Map.<String, Object>of("draftId", f.draftId())))) {
                String text = toolError(mcp.call(change.getKey(), change.getValue()));
                assertTrue(text.startsWith("not found") || text.contains("403"), t + " " + change.getKey() + " -> "
                        + text);
            }
            mcp.close();
        }
        // the other domain's key still sees its message unchanged and its draft pending
        Session other = open(Transport.HTTP, f.otherKey(), "other-after");
        JsonNode email = ok(other.call("get_email", Map.of("mailboxId", f.mailbox(), "emailId", f.emailId())));
        assertEquals("inbox", email.path("folder").asText(), email.toString());
        JsonNode pending = ok(other.call("list_drafts", Map.of("agentClass", "Drafter", "instance", f.instance())));
        assertEquals("pending", pending.path("drafts").path(0).path("status").asText(), pending.toString());
        assertEquals(f.draftId(), pending.path("drafts").path(0).path("id").asText(), pending.toString());
        other.close();
        assertTrue(sink.messages().stream().noneMatch(m -> m.contains("hijacked")), "a foreign draft was sent");
    }

    /**
     * The agent side of the same scope: the other domain's Echo instance (its state, and its mail through
     * {@code wait_for_reply}) is "not found" for the key of agents.localhost. Fails on main (2026-12-07): agent-host's
     * instance reads ({@code GET /v1/agents/{class}/instances/{instance}}, {@code .../threads}, {@code .../messages})
     * do not check the key's domains (only {@code .../events} and schedules do), so {@code wait_for_reply} hands the
     * other domain's message, body and all, to the scoped key.
     */
    synchronized void keyScopedToOneDomainCannotReadAnotherDomainsAgentInstances() throws Exception {
        Foreign f = foreign();
        for (Transport t : Transport.values()) {
            Session mcp = open(t, f.ownKey(), "scoped-agents-" + t.label());
            notFound(t, mcp, f, List.of(
                    Map.entry("get_agent_state", Map.of("agentClass", "Echo", "instance", f.instance())),
                    Map.entry("wait_for_reply", Map.of("agentClass", "Echo", "instance", f.instance(), "after", 0,
                            "waitSeconds", 0)),
                    Map.entry("wait_for_reply", Map.of("agentClass", "Echo", "instance", f.instance(), "inReplyTo",
                            "<" + f.marker() + "@e2e.example>", "waitSeconds", 0))));
            mcp.close();
        }
    }

    /** Each call a tool error "not found" that shows nothing of the other domain's mail. */
    private static void notFound(Transport t, Session mcp, Foreign f,
            List<Map.Entry<String, Map<String, Object>>> calls) throws Exception {
        for (Map.Entry<String, Map<String, Object>> call : calls) {
            String text = toolError(mcp.call(call.getKey(), call.getValue()));
            String where = t + " " + call.getKey() + " " + call.getValue() + " -> " + text;
            assertTrue(text.startsWith("not found"), where);
            assertFalse(text.contains(f.marker()) || text.contains(f.secret()), where);
        }
    }

    // ---- the second domain ----

    /** What the scope case works with: the other domain's mail, ids and keys. */
    private record Foreign(String domain, String marker, String secret, String instance, String mailbox, String emailId,
            String threadId, String attachmentId, String draftId, String ownMailbox, String ownKey,
            String otherKey) {
    }

    private Foreign foreign;

    private Foreign foreign() throws Exception {
        if (foreign != null) {
            return foreign;
        }
        String other = run + ".localhost";
        String marker = run + "scope";
        String secret = "board secret " + run;
        String instance = run + "-scope";
        String created = stack.apiText("POST", "/v1/domains", JSON.writeValueAsString(Map.of("name", other)));
        assertTrue(created.startsWith("{"), "the second domain: " + created);
        String ownKey = key("mcp " + run + " agents only", DOMAIN);
        String otherKey = key("mcp " + run + " other only", other);

        Path attachment = logs.resolve("secret-" + run + ".txt");
        Files.writeString(attachment, secret);
        String address = "echo+" + instance + "@" + other;
        // ingress accepts the new domain once its record reached it (seconds)
        until("ingress accepts " + other, () -> Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", address, "--header", "Subject: " + marker,
                "--header", "Message-Id: <" + marker + "@e2e.example>", "--body", "for " + other + " only: " + secret,
                "--attach-type", "text/plain", "--attach-name", attachment.getFileName().toString(),
                "--attach", "@" + attachment, "--timeout", "60"), Map.of(), Duration.ofSeconds(90)).exitCode() == 0
                ? Boolean.TRUE : null);
        swaks("drafter+" + instance + "@" + other, marker + " draft", marker + ".draft@e2e.example",
                "draft for " + other);

        // the control: the other domain's own key finds all of it through the tools
        Session mcp = open(Transport.HTTP, otherKey, "other-before");
        JsonNode thread = until("the message in " + address, () -> {
            JsonNode listed = okOrNotYet(mcp.call("list_emails", Map.of("mailboxId", address)));
            return listed != null && listed.path("threads").size() > 0 ? listed.path("threads").path(0) : null;
        });
        assertEquals(marker, thread.path("untrusted").path("subject").asText(), thread.toString());
        String emailId = thread.path("messageIds").path(0).asText();
        JsonNode email = ok(mcp.call("get_email", Map.of("mailboxId", address, "emailId", emailId)));
        assertTrue(email.path("untrusted").path("text").asText().contains(secret), email.toString());
        String attachmentId = email.path("attachments").path(0).path("id").asText();
        assertFalse(attachmentId.isBlank(), email.toString());
        JsonNode fileText = mcp.call("get_attachment", Map.of("emailId", emailId, "attachmentId", attachmentId,
                "format", "bytes"));
        assertFalse(fileText.path("isError").asBoolean(), fileText.toString());
        assertEquals(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                fileText.path("content").path(0).path("resource").path("blob").asText(), fileText.toString());
        assertEquals(thread.path("threadId").asText(), ok(mcp.call("get_thread", Map.of("mailboxId", address,
                "threadId", thread.path("threadId").asText()))).path("threadId").asText());
        JsonNode state = until("Echo/" + instance + " exists", () -> okOrNotYet(mcp.call("get_agent_state",
                Map.of("agentClass", "Echo", "instance", instance))));
        assertEquals(address, state.path("address").asText(), state.toString());
        JsonNode in = ok(mcp.call("wait_for_reply", Map.of("agentClass", "Echo", "instance", instance, "after", 0,
                "direction", "in", "waitSeconds", 10)));
        assertTrue(in.path("messages").path(0).path("untrusted").path("text").asText().contains(secret),
                in.toString());
        JsonNode draft = until("the Drafter draft in " + other, () -> {
            JsonNode drafts = okOrNotYet(mcp.call("list_drafts", Map.of("agentClass", "Drafter", "instance",
                    instance)));
            return drafts != null && drafts.path("drafts").size() > 0 ? drafts.path("drafts").path(0) : null;
        });
        mcp.close();

        Session own = open(Transport.HTTP, ownKey, "own-mailboxes");
        String ownMailbox = ok(own.call("list_mailboxes", Map.of())).path("mailboxes").path(0).path("address")
                .asText();
        own.close();
        assertFalse(ownMailbox.isBlank(), "agents.localhost has a mailbox");
        foreign = new Foreign(other, marker, secret, instance, address, emailId, thread.path("threadId").asText(),
                attachmentId, draft.path("id").asText(), ownMailbox, ownKey,
                otherKey);
        return foreign;
    }

    /** A key through the API: read, send and drafts, scoped to {@code domain}; its token. */
    private String key(String name, String domain) throws Exception {
        String created = stack.apiText("POST", "/v1/api-keys", JSON.writeValueAsString(Map.of("name", name,
                "permissions", List.of("read", "send", "drafts"), "domains", List.of(domain))));
        JsonNode key = JSON.readTree(created.startsWith("{") ? created : "{}");
        assertTrue(key.path("token").isTextual(), "a key for " + domain + ": " + created);
        return key.path("token").asText();
    }

    // ---- the README's table ----

    /** A row of the api README's MCP tool table. */
    record DocumentedTool(String name, Set<String> parameters, Set<String> optional, boolean structured,
            boolean readOnly, boolean destructive, boolean idempotent) {
    }

    private static final Pattern PARAMETER = Pattern.compile("`([A-Za-z]+)`(\\?)?");
    private static final Pattern NAME = Pattern.compile("`([a-z_]+)`");

    /** The tools of the MCP section's table of {@code api/README.md}. */
    static Map<String, DocumentedTool> documentedTools() throws IOException {
        String readme = Files.readString(Stack.root().resolve("api/README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## MCP");
        assertTrue(start >= 0, "api/README.md has no MCP section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, DocumentedTool> out = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.replace("\\|", "/").split("\\|", -1); // an escaped \| lies inside a cell
            assertTrue(cells.length >= 6, "a row of the MCP table: " + line);
            Set<String> parameters = new TreeSet<>();
            Set<String> optional = new TreeSet<>();
            Matcher p = PARAMETER.matcher(cells[2].replaceAll("\\([^)]*\\)", ""));
            while (p.find()) {
                parameters.add(p.group(1));
                if (p.group(2) != null) {
                    optional.add(p.group(1));
                }
            }
            Set<String> hints = Set.of(cells[4].trim().split("\\s+"));
            Matcher n = NAME.matcher(cells[1]);
            while (n.find()) {
                String name = n.group(1);
                boolean structured = !name.equals("get_attachment") && !cells[3].trim().startsWith("none");
                out.put(name, new DocumentedTool(name, parameters, optional, structured, hints.contains("R"),
                        hints.contains("D"), hints.contains("I")));
            }
        }
        return out;
    }

    // ---- sessions ----

    /** The bootstrap (admin) key's session over {@code t}, opened on first use. */
    private Session admin(Transport t) throws Exception {
        Session s = admin.get(t);
        if (s == null) {
            s = open(t, stack.bootstrapKey(), "admin-" + t.label());
            admin.put(t, s);
        }
        return s;
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + stack.env.get("MAILROOM_HTTP_PORT");
    }

    /** A new session of the SDK client over {@code t} with {@code key}. */
    private Session open(Transport t, String key, String name) throws Exception {
        Path dir = harness();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve("client.mjs").toString(),
                "--transport", t.label()));
        if (t == Transport.HTTP) {
            command.addAll(List.of("--url", apiUrl() + "/mcp", "--token", key));
        } else {
            command.addAll(List.of("--command", Stack.root().resolve("bin/mailroom").toString(), "--arg", "mcp"));
            for (Map.Entry<String, String> e : bridgeEnvironment(key).entrySet()) {
                command.addAll(List.of("--env", e.getKey() + "=" + e.getValue()));
            }
        }
        Session s = new Session(name, command, logs.resolve(name + ".log"));
        opened.add(s);
        return s;
    }

    /** What an mcpServers entry for {@code bin/mailroom mcp} sets (and a private profile folder, JAVA_HOME). */
    private Map<String, String> bridgeEnvironment(String key) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAILROOM_API_URL", apiUrl());
        env.put("MAILROOM_API_KEY", key);
        env.put("XDG_CONFIG_HOME", logs.resolve("config").toString()); // never the user's profiles
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        return env;
    }

    /**
     * Copies the harness to {@code e2e/target/node/mcp-e2e} and installs its locked SDK ({@code npm ci}) when the lock
     * file changed or nothing is installed; the first time also builds the CLI (bin/mailroom builds it on first use,
     * which must not eat into the client's connect timeout).
     */
    private Path harness() throws Exception {
        if (harness != null) {
            return harness;
        }
        Path source = Stack.root().resolve("e2e/src/test/node/mcp-e2e");
        Path dir = Files.createDirectories(Stack.root().resolve("e2e/target/node/mcp-e2e"));
        boolean lockChanged = !Files.exists(dir.resolve("package-lock.json"))
                || Files.mismatch(source.resolve("package-lock.json"), dir.resolve("package-lock.json")) != -1;
        for (String f : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.exists(dir.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            Stack.Result npm = Stack.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()),
                    Map.of(), Duration.ofMinutes(5));
            assertEquals(0, npm.exitCode(), "npm ci of the MCP e2e harness:\n" + npm.output());
        }
        Stack.Result cli = Stack.run(List.of(Stack.root().resolve("bin/mailroom").toString(), "whoami"),
                bridgeEnvironment(stack.bootstrapKey()), Duration.ofMinutes(5));
        assertEquals(0, cli.exitCode(), "bin/mailroom whoami:\n" + cli.output());
        harness = dir;
        return harness;
    }

    /** One {@code client.mjs} process: an SDK client connected over one transport, answering step after step. */
    static final class Session implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Writer steps;
        private final Path log;
        private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
        private int next;

        Session(String name, List<String> command, Path log) throws Exception {
            this.name = name;
            this.log = log;
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            steps = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        try {
                            answers.add(JSON.readTree(line));
                        } catch (IOException e) {
                            answers.add(JSON.getNodeFactory().textNode(line));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "mcp-" + name);
            reader.setDaemon(true);
            reader.start();
            JsonNode hello = answers.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            if (hello == null || !hello.path("connected").asBoolean()) {
                close();
                throw new AssertionError(name + ": the MCP client did not connect: " + hello + "\n" + log());
            }
            assertFalse(hello.path("server").path("name").asText().isBlank(), name + ": no server name: " + hello);
            assertTrue(hello.path("capabilities").has("tools"), name + ": no tools capability: " + hello);
        }

        JsonNode list() throws Exception {
            return step(Map.of("list", true));
        }

        /** tools/call: the CallToolResult (a tool error is a result with isError). */
        JsonNode call(String tool, Map<String, Object> args) throws Exception {
            return step(Map.of("call", tool, "args", args));
        }

        private JsonNode step(Map<String, Object> step) throws Exception {
            int id = ++next;
            Map<String, Object> line = new LinkedHashMap<>(step);
            line.put("id", id);
            steps.write(JSON.writeValueAsString(line) + "\n");
            steps.flush();
            long deadline = System.nanoTime() + STEP.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode answer = answers.poll(1, TimeUnit.SECONDS);
                if (answer == null) {
                    if (!process.isAlive() && answers.isEmpty()) {
                        throw new AssertionError(name + ": the MCP client exited during " + step + "\n" + log());
                    }
                    continue;
                }
                if (answer.path("id").asInt() == id) {
                    if (answer.has("error")) {
                        throw new AssertionError(name + ": the SDK client refused " + step + ": "
                                + answer.path("error").asText() + "\n" + log());
                    }
                    return answer.path("result");
                }
            }
            throw new AssertionError(name + ": no answer within " + STEP + " to " + step + "\n" + log());
        }

        private String log() {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                return "--- " + log + "\n" + text.substring(Math.max(0, text.length() - 4000));
            } catch (IOException e) {
                return "(no log " + log + ")";
            }
        }

        @Override
        public void close() {
            try {
                steps.close(); // EOF: the client closes its session (the bridge ends and exits)
            } catch (IOException e) {
                // gone already
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        opened.forEach(Session::close);
    }

    // ---- helpers ----

    /** A tool's structured result; fails on a tool error. */
    private static JsonNode ok(JsonNode result) {
        assertFalse(result.path("isError").asBoolean(), "a tool error: " + result);
        assertTrue(result.has("structuredContent"), "no structured content: " + result);
        return result.path("structuredContent");
    }

    /** A tool's structured result, or null for "not found" (the owner has not stored it yet: poll again). */
    private static JsonNode okOrNotYet(JsonNode result) {
        if (result.path("isError").asBoolean() && toolError(result).startsWith("not found")) {
            return null;
        }
        return ok(result);
    }

    /** A tool error's text, which must carry no stack trace. */
    private static String toolError(JsonNode result) {
        assertTrue(result.path("isError").asBoolean(), "not a tool error: " + result);
        String text = result.path("content").path(0).path("text").asText();
        assertNotNull(text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
        return text;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(s.asText()));
        return out;
    }

    private static <T> T until(String what, CliScenario.Probe<T> probe) throws Exception {
        return CliScenario.until(what, probe);
    }

    /** The sink's message containing {@code needle}. */
    private String sinkMessage(String needle) throws Exception {
        return until(needle + " at the sink", () -> sink.messages().stream().filter(m -> m.contains(needle))
                .findFirst().orElse(null));
    }

    private void swaks(String to, String subject, String messageId, String body) throws Exception {
        Stack.Result r = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort, "--from",
                "tester@example.org", "--to", to, "--header", "Subject: " + subject, "--header",
                "Message-Id: <" + messageId + ">", "--body", body, "--timeout", "60"), Map.of(), Duration.ofSeconds(90));
        assertEquals(0, r.exitCode(), "swaks to " + to + ":\n" + r.output());
    }
}
