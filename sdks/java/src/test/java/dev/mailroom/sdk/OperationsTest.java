package dev.mailroom.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.mailroom.sdk.RecordingServer.Answer;

/**
 * The coverage check: {@link Operations#OPERATIONS} against {@code sdks/openapi.json} (the api's document). Fails,
 * naming what is wrong, when a {@code /v1/} operation has no entry, an entry names an operation the document lacks,
 * or an entry's method does not exist on a client; then calls every entry against a recording server and checks the
 * HTTP method and path template match the document's.
 */
class OperationsTest {

    static final Path DOCUMENT = Path.of("..", "openapi.json");

    /** operationId → {method, path template} of every /v1/ operation. */
    static Map<String, String[]> documentOperations() throws Exception {
        JsonObject doc = JsonObject.parse(Files.readString(DOCUMENT));
        Map<String, String[]> ops = new TreeMap<>();
        JsonObject paths = doc.object("paths");
        for (String path : paths.keys()) {
            if (!path.startsWith("/v1/")) {
                continue;
            }
            JsonObject item = paths.object(path);
            for (String method : item.keys()) {
                String id = item.object(method).string("operationId");
                if (id != null) {
                    ops.put(id, new String[] {method.toUpperCase(), path});
                }
            }
        }
        return ops;
    }

    @Test
    void everyV1OperationHasAnEntryAndEveryEntryAnOperationAndAMethod() throws Exception {
        Map<String, String[]> doc = documentOperations();
        assertTrue(doc.size() > 50, "read " + doc.size() + " operations from " + DOCUMENT.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        for (String id : doc.keySet()) {
            if (!Operations.OPERATIONS.containsKey(id)) {
                problems.add("operation " + id + " (" + String.join(" ", doc.get(id)) + ") has no SDK method in "
                        + "Operations.OPERATIONS");
            }
        }
        for (Map.Entry<String, String> e : Operations.OPERATIONS.entrySet()) {
            if (!doc.containsKey(e.getKey())) {
                problems.add("Operations.OPERATIONS names " + e.getKey() + ", which the document lacks");
            }
            String problem = resolve(e.getValue());
            if (problem != null) {
                problems.add(e.getKey() + " → " + e.getValue() + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** null when {@code resource.method} is a public method of the resource a client's accessor returns. */
    static String resolve(String methodPath) {
        String[] parts = methodPath.split("\\.");
        if (parts.length != 2) {
            return "not resource.method";
        }
        Mailroom mr = Mailroom.builder().apiKey("k").baseUrl("http://127.0.0.1:1").build();
        Object resource;
        try {
            resource = Mailroom.class.getMethod(parts[0]).invoke(mr);
        } catch (ReflectiveOperationException e) {
            return "the client has no resource " + parts[0] + "()";
        }
        for (Method m : resource.getClass().getMethods()) {
            if (m.getName().equals(parts[1]) && !Modifier.isStatic(m.getModifiers())) {
                return null;
            }
        }
        return resource.getClass().getSimpleName() + " has no method " + parts[1];
    }

    @Test
    void theResolverRefusesWhatDoesNotExist() {
        assertEquals("the client has no resource nope()", resolve("nope.list"));
        assertEquals("Emails has no method fly", resolve("emails.fly"));
    }

    /** A sample call of every entry. */
    static final Map<String, Consumer<Mailroom>> CALLS = Map.ofEntries(
            Map.entry("sendEmail", mr -> mr.emails().send(SendParams.builder().to("a@b.c").build())),
            Map.entry("sendEmailBatch", mr -> mr.emails().sendBatch(List.of(SendParams.builder().to("a@b.c").build()))),
            Map.entry("getMessage", mr -> mr.emails().get("m1")),
            Map.entry("replyToMessage", mr -> mr.emails().reply("m1", ReplyParams.text("x"))),
            Map.entry("replyAllToMessage", mr -> mr.emails().replyAll("m1", ReplyParams.text("x"))),
            Map.entry("forwardMessage", mr -> mr.emails().forward("m1", ReplyParams.builder().to("d@e.f").build())),
            Map.entry("listMailboxes", mr -> mr.mailboxes().list().firstPage()),
            Map.entry("deleteMailbox", mr -> mr.mailboxes().delete("mb1")),
            Map.entry("listThreads", mr -> mr.threads().search("invoice", ListParams.create().mailbox("mb1")
                    .folder("inbox").label("vip").limit(5)).firstPage()),
            Map.entry("getThread", mr -> mr.threads().get("t1")),
            Map.entry("updateThread", mr -> mr.threads().update("t1", MessageChange.none().withFolder("archive"))),
            Map.entry("deleteThread", mr -> mr.threads().delete("t1")),
            Map.entry("updateMessage", mr -> mr.messages().update("m1", MessageChange.none().withUnread(false))),
            Map.entry("updateMessages", mr -> mr.messages().updateMany(List.of("m1"), MessageChange.none())),
            Map.entry("deleteMessage", mr -> mr.messages().delete("m1")),
            Map.entry("getRawMessage", mr -> mr.messages().raw("m1")),
            Map.entry("getMessageBody", mr -> mr.messages().body("m1", true)),
            Map.entry("getAttachment", mr -> mr.messages().attachment("m1", "a1", "text", "inline")),
            Map.entry("listLabels", mr -> mr.labels().list(ListParams.create().mailbox("mb1"))),
            Map.entry("listDrafts", mr -> mr.drafts().list(ListParams.create().className("Drafter").instance("i")
                    .status("pending").thread("t1").limit(5)).firstPage()),
            Map.entry("getDraft", mr -> mr.drafts().get("d1")),
            Map.entry("approveDraft", mr -> mr.drafts().approve("d1", DraftApproval.text("edited"))),
            Map.entry("rejectDraft", mr -> mr.drafts().reject("d1", "no")),
            Map.entry("listAgentClasses", mr -> mr.agents().list().firstPage()),
            Map.entry("createAgent", mr -> mr.agents().create(AgentDefinition.webhook("A", "http://x", "s"))),
            Map.entry("getAgent", mr -> mr.agents().get("A")),
            Map.entry("updateAgent", mr -> mr.agents().update("A", AgentDefinition.webhook("A", "http://x", "s"))),
            Map.entry("deleteAgent", mr -> mr.agents().delete("A")),
            Map.entry("listAgentInstances", mr -> mr.agents().instances("A").firstPage()),
            Map.entry("getAgentInstance", mr -> mr.agents().getInstance("A", "i")),
            Map.entry("listAgentInstanceEvents", mr -> mr.agents().events("A", "i")),
            Map.entry("listAgentThreads", mr -> mr.agents().threads("A", "i").firstPage()),
            Map.entry("sendAsAgentInstance", mr -> mr.agents().send("A", "i", SendParams.builder().to("a@b.c").build())),
            Map.entry("waitAgentMessages", mr -> mr.agents().messages("A", "i", WaitParams.defaults().after(3)
                    .direction("in").thread("t1").withTimeout(java.time.Duration.ZERO))),
            Map.entry("streamAgentMessages", mr -> {
                try (EventStream<WaitedMessage> s = mr.agents().streamMessages("A", "i",
                        WaitParams.defaults().after(1).direction("out").thread("t1"))) {
                    s.next();
                }
            }),
            Map.entry("listSchedules", mr -> mr.schedules().list(ListParams.create().className("A").instance("i")
                    .status("pending").limit(5)).firstPage()),
            Map.entry("createDomain", mr -> mr.domains().create("example.org")),
            Map.entry("listDomains", mr -> mr.domains().list().firstPage()),
            Map.entry("getDomain", mr -> mr.domains().get("example.org")),
            Map.entry("getDomainZone", mr -> mr.domains().zone("example.org")),
            Map.entry("verifyDomain", mr -> mr.domains().verify("example.org")),
            Map.entry("rotateDomainDkim", mr -> mr.domains().rotateDkim("example.org")),
            Map.entry("deleteDomain", mr -> mr.domains().delete("example.org")),
            Map.entry("configureDomainDnsUpdate", mr -> mr.domains().configureDnsUpdate("example.org",
                    new DnsUpdateParams("127.0.0.1:53", "example.org", "k", "hmac-sha256", "c2VjcmV0"))),
            Map.entry("removeDomainDnsUpdate", mr -> mr.domains().removeDnsUpdate("example.org")),
            Map.entry("publishDomainRecords", mr -> mr.domains().publish("example.org")),
            Map.entry("createApiKey", mr -> mr.apiKeys().create(CreateApiKeyParams.named("ci"))),
            Map.entry("listApiKeys", mr -> mr.apiKeys().list().firstPage()),
            Map.entry("getApiKey", mr -> mr.apiKeys().get("k1")),
            Map.entry("revokeApiKey", mr -> mr.apiKeys().revoke("k1")),
            Map.entry("listSuppressions", mr -> mr.suppressions().list().firstPage()),
            Map.entry("deleteSuppression", mr -> mr.suppressions().delete("a@b.c")),
            Map.entry("createWebhook", mr -> mr.webhooks().create(WebhookParams.create("http://x", "message.sent"))),
            Map.entry("listWebhooks", mr -> mr.webhooks().list()),
            Map.entry("getWebhook", mr -> mr.webhooks().get("w1")),
            Map.entry("updateWebhook", mr -> mr.webhooks().update("w1", WebhookParams.patch().withEnabled(true))),
            Map.entry("deleteWebhook", mr -> mr.webhooks().delete("w1")),
            Map.entry("listWebhookDeliveries", mr -> mr.webhooks().deliveries("w1", 10L, 5)),
            Map.entry("replayWebhookDelivery", mr -> mr.webhooks().replayDelivery("w1", "dl1")),
            Map.entry("replayWebhookEvents", mr -> mr.webhooks().replay("w1", Instant.EPOCH, null)),
            Map.entry("rotateWebhookSecret", mr -> mr.webhooks().rotateSecret("w1")),
            Map.entry("streamEvents", mr -> {
                try (EventStream<CustomerEvent> s = mr.events().stream(EventStreamParams.all()
                        .withTypes("message.sent").withMailbox("mb1").withDomain("example.org"))) {
                    s.next();
                }
            }));

    @Test
    void everyEntryCallsItsOperationsMethodAndPath() throws Exception {
        Map<String, String[]> doc = documentOperations();
        List<String> problems = new ArrayList<>();
        try (RecordingServer s = new RecordingServer(r -> r.path().endsWith("/stream")
                ? Answer.text(200, "text/event-stream", "id: 1\ndata: {}\n\n")
                : Answer.json(200, "{\"items\":[],\"messages\":[]}"))) {
            Mailroom mr = s.client();
            for (String id : Operations.OPERATIONS.keySet()) {
                Consumer<Mailroom> call = CALLS.get(id);
                if (call == null) {
                    problems.add(id + ": no sample call in OperationsTest.CALLS");
                    continue;
                }
                s.requests.clear();
                try {
                    call.accept(mr);
                } catch (RuntimeException e) {
                    problems.add(id + ": the call failed: " + e);
                    continue;
                }
                String[] expected = doc.get(id);
                if (expected == null || s.requests.isEmpty()) {
                    problems.add(id + ": no request");
                    continue;
                }
                RecordingServer.Request r = s.requests.get(0);
                String regex = expected[1].replaceAll("\\{[^}]+}", "[^/]+");
                if (!r.method().equals(expected[0]) || !r.path().matches(regex)) {
                    problems.add(id + ": sent " + r.method() + " " + r.path() + ", the document says " + expected[0]
                            + " " + expected[1]);
                }
                JsonObject op = JsonObject.parse(Files.readString(DOCUMENT)).object("paths").object(expected[1])
                        .object(expected[0].toLowerCase());
                boolean declaresKey = op.objects("parameters").stream()
                        .anyMatch(p -> "Idempotency-Key".equals(p.string("name")));
                if (declaresKey != (r.header("Idempotency-Key") != null)) {
                    problems.add(id + ": the document " + (declaresKey ? "declares" : "does not declare")
                            + " Idempotency-Key, the SDK sent " + (declaresKey ? "none" : "one"));
                }
                Set<String> declared = op.objects("parameters").stream().filter(p -> "query".equals(p.string("in")))
                        .map(p -> p.string("name")).collect(Collectors.toSet());
                if (r.rawQuery() != null) {
                    for (String pair : r.rawQuery().split("&")) {
                        String name = URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8);
                        if (!declared.contains(name)) {
                            problems.add(id + ": sent query parameter " + name + ", which the document does not"
                                    + " declare (declared: " + declared + ")");
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }
}
