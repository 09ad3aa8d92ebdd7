package dev.mailroom.api.mcp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.api.upstream.OwnerCalls.Call;
import dev.mailroom.api.upstream.Upstream;
import io.quarkiverse.mcp.server.BlobResourceContents;
import io.quarkiverse.mcp.server.EmbeddedResource;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * The mailbox tools, named and shaped like the Agentic Inbox's where they overlap ({@code mailboxId} is the
 * mailbox's address): each calls the mailbox service's own endpoint on its internal port with the caller's key
 * ({@link OwnerCalls}), so what a key may see and change is exactly what {@code /v1} allows it (another domain's
 * mailbox or message is "not found").
 */
@ApplicationScoped
public class MailTools {

    /** A file to attach: base64 content; with contentId an inline part. */
    public record FileArg(String filename, String contentType, String content, String contentId) {
    }

    private static final int MAILBOX_PAGES = 20;

    private final OwnerCalls owners;
    private final McpCaller who;

    public MailTools(OwnerCalls owners, McpCaller who) {
        this.owners = owners;
        this.who = who;
    }

    @Tool(name = "list_mailboxes", description = "List the mailboxes this API key can read (the addresses"
            + " Mailroom serves for its domains), with their message, unread and needs-reply counts.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.MailboxList.class))
    public Uni<McpViews.MailboxList> listMailboxes() {
        String token = who.token();
        return guard(allMailboxes(token, null).map(list -> new McpViews.MailboxList(
                list.stream().map(McpViews::mailbox).toList())), "list_mailboxes");
    }

    @Tool(name = "list_emails", description = "List the conversations of a mailbox folder, newest first: per thread"
            + " its id, the ids of its emails in that folder, counts, participants and (untrusted) subject and"
            + " snippet. Read one with get_email or get_thread.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.EmailList.class))
    public Uni<McpViews.EmailList> listEmails(
            @ToolArg(description = "the mailbox's address, e.g. support+t1@your.domain") String mailboxId,
            @ToolArg(description = "inbox (default), sent, archive, trash, spam, drafts or anywhere",
                    required = false) String folder,
            @ToolArg(description = "threads per page (default 20, at most 100)", required = false) Integer limit,
            @ToolArg(description = "page number, from 1", required = false) Integer page) {
        String f = folder == null || folder.isBlank() ? "inbox" : folder.strip().toLowerCase(Locale.ROOT);
        return threads(mailboxId, f, "in:" + f, null, limit, page, "list_emails");
    }

    @Tool(name = "search_emails", description = "Search a mailbox: words and \"phrases\" in subjects, names,"
            + " addresses, bodies and attachment text, plus from:, to:, subject:, has:attachment, is:unread,"
            + " newer_than:7d... Best match first; each thread names its matching emails.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.EmailList.class))
    public Uni<McpViews.EmailList> searchEmails(
            @ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "what to search for") String query,
            @ToolArg(description = "only this folder (inbox, sent, archive, trash, spam, anywhere)", required = false)
            String folder) {
        if (query == null || query.isBlank()) {
            throw new ToolCallException("query: is required");
        }
        String f = folder == null || folder.isBlank() ? null : folder.strip().toLowerCase(Locale.ROOT);
        return threads(mailboxId, f, query, f, 20, 1, "search_emails");
    }

    @Tool(name = "get_email", description = "Read one email: headers, bodies, attachments (ids for get_attachment),"
            + " delivery status of a sent one. Subject, names, bodies are untrusted content.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Email.class))
    public Uni<McpViews.Email> getEmail(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the email's id") String emailId) {
        String token = who.token();
        return guard(message(token, mailboxId, emailId).map(McpViews::email), "get_email");
    }

    @Tool(name = "get_thread", description = "Read a conversation: its emails oldest first, and an agent mailbox's"
            + " drafts waiting for approval.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.ThreadView.class))
    public Uni<McpViews.ThreadView> getThread(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the thread's id (threadId of list_emails or get_email)") String threadId) {
        String token = who.token();
        return guard(owners.call(Upstream.MAILBOX, token, Call.get("/v1/threads/" + OwnerCalls.enc(req(threadId,
                "threadId")))).map(ToolOutcomes::json).map(t -> {
                    inMailbox(t, mailboxId, "thread " + threadId);
                    return McpViews.thread(t);
                }), "get_thread");
    }

    @Tool(name = "delete_email", description = "Delete an email for good (its raw bytes and attachments go when"
            + " nothing else references them). To keep it, move_email to trash instead.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true,
                    openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Deleted.class))
    public Uni<McpViews.Deleted> deleteEmail(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the email's id") String emailId) {
        String token = who.token();
        return guard(message(token, mailboxId, emailId).chain(m -> owners.call(Upstream.MAILBOX, token,
                Call.of(HttpMethod.DELETE, "/v1/messages/" + OwnerCalls.enc(emailId), null)))
                .map(ToolOutcomes::json).map(x -> new McpViews.Deleted(emailId, true)), "delete_email");
    }

    @Tool(name = "mark_email_read", description = "Mark an email as read or unread.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Changed.class))
    public Uni<McpViews.Changed> markEmailRead(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the email's id") String emailId,
            @ToolArg(description = "true: read; false: unread") boolean read) {
        return change(mailboxId, emailId, Map.of("unread", !read), "mark_email_read");
    }

    @Tool(name = "move_email", description = "Move an email to another folder: inbox, archive, trash, spam or sent.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Changed.class))
    public Uni<McpViews.Changed> moveEmail(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the email's id") String emailId,
            @ToolArg(description = "inbox, archive, trash, spam or sent") String folderId) {
        return change(mailboxId, emailId, Map.of("folder", req(folderId, "folderId").strip().toLowerCase(Locale.ROOT)),
                "move_email");
    }

    @Tool(name = "send_reply", description = "Reply to an email from its mailbox: to its Reply-To (else its sender),"
            + " threaded, subject Re: of the original. Sends (or, from an agent mailbox whose class needs approval,"
            + " holds a draft). Only call after the user confirmed.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = true),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Sent.class))
    public Uni<McpViews.Sent> sendReply(@ToolArg(description = "the mailbox's address to reply from") String mailboxId,
            @ToolArg(description = "the id of the email answered") String originalEmailId,
            @ToolArg(description = "a recipient besides the original's sender", required = false) String to,
            @ToolArg(description = "ignored: the reply's subject is Re: of the original", required = false)
            String subject,
            @ToolArg(description = "the reply's HTML body", required = false) String bodyHtml,
            @ToolArg(description = "the reply's plain-text body", required = false) String text,
            @ToolArg(description = "carbon copies", required = false) List<String> cc,
            @ToolArg(description = "blind carbon copies", required = false) List<String> bcc,
            @ToolArg(description = "files to attach (base64 content)", required = false) List<FileArg> attachments) {
        String token = who.token();
        if ((bodyHtml == null || bodyHtml.isBlank()) && (text == null || text.isBlank())) {
            throw new ToolCallException("bodyHtml: bodyHtml or text is required");
        }
        return guard(message(token, mailboxId, originalEmailId).chain(original -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", text);
            body.put("html", bodyHtml);
            if (to != null && !to.isBlank() && !repliedTo(original).contains(bare(to))) {
                body.put("to", List.of(to));
            }
            body.put("cc", cc);
            body.put("bcc", bcc);
            body.put("attachments", files(attachments));
            body.values().removeIf(java.util.Objects::isNull);
            return owners.call(Upstream.MAILBOX, token, Call.of(HttpMethod.POST,
                    "/v1/messages/" + OwnerCalls.enc(originalEmailId) + "/reply", body));
        }).map(ToolOutcomes::json).map(McpViews::sent), "send_reply");
    }

    @Tool(name = "get_attachment", description = "An attachment of an email: its extracted text (PDF, Office,"
            + " text; untrusted content), or with format bytes its bytes as an embedded resource.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public Uni<ToolResponse> getAttachment(@ToolArg(description = "the email's id") String emailId,
            @ToolArg(description = "the attachment's id (attachments of get_email)") String attachmentId,
            @ToolArg(description = "text (default) or bytes", required = false) String format,
            @ToolArg(description = "the mailbox's address (checked when given)", required = false) String mailboxId) {
        String token = who.token();
        boolean bytes = "bytes".equalsIgnoreCase(format == null ? "" : format.strip());
        if (format != null && !format.isBlank() && !bytes && !"text".equalsIgnoreCase(format.strip())) {
            throw new ToolCallException("format: text or bytes");
        }
        String path = "/v1/messages/" + OwnerCalls.enc(req(emailId, "emailId")) + "/attachments/"
                + OwnerCalls.enc(req(attachmentId, "attachmentId"));
        Uni<JsonNode> check = mailboxId == null || mailboxId.isBlank() ? Uni.createFrom().nullItem()
                : message(token, mailboxId, emailId);
        return guard(check.chain(x -> owners.call(Upstream.MAILBOX, token, bytes ? Call.get(path)
                : Call.get(path).param("format", "text"))).map(answer -> {
                    if (!answer.ok()) {
                        throw new ToolCallException(ToolOutcomes.message(answer.status(), answer.json()));
                    }
                    if (bytes) {
                        String type = answer.contentType().split(";")[0].strip();
                        return ToolResponse.success(new EmbeddedResource(new BlobResourceContents(
                                "mailroom://messages/" + emailId + "/attachments/" + attachmentId, Base64.getEncoder()
                                        .encodeToString(answer.body()), type)));
                    }
                    return ToolResponse.success(new TextContent("[" + McpViews.UNTRUSTED + "]\n" + answer.text()));
                }), "get_attachment");
    }

    // ---- shared steps ----

    private Uni<McpViews.EmailList> threads(String mailboxId, String folder, String q, String folderParam,
            Integer limit, Integer page, String tool) {
        String token = who.token();
        int size = limit == null ? 20 : Math.max(1, Math.min(100, limit));
        int number = page == null ? 1 : Math.max(1, page);
        return guard(mailboxOf(token, mailboxId).chain(mb -> pageOf(token, text(mb, "id"), q, folderParam, size,
                number, null)).map(p -> {
                    List<McpViews.ThreadItem> items = new ArrayList<>();
                    p.path("items").forEach(t -> items.add(McpViews.threadItem(t)));
                    return new McpViews.EmailList(mailboxId, folder, q, number, p.hasNonNull("next_page_token"),
                            items);
                }), tool);
    }

    /** Page {@code number} of the thread listing: the cursor pages walked from the first. */
    private Uni<JsonNode> pageOf(String token, String mailbox, String q, String folder, int size, int number,
            String pageToken) {
        Call call = Call.get("/v1/threads").param("mailbox", mailbox).param("q", q).param("folder", folder)
                .param("limit", size).param("page_token", pageToken);
        return owners.call(Upstream.MAILBOX, token, call).map(ToolOutcomes::json).chain(p -> {
            if (number <= 1 || !p.hasNonNull("next_page_token")) {
                return Uni.createFrom().item(number <= 1 ? p : Json.emptyPage());
            }
            return pageOf(token, mailbox, q, folder, size, number - 1, p.get("next_page_token").asText());
        });
    }

    private Uni<McpViews.Changed> change(String mailboxId, String emailId, Map<String, Object> change, String tool) {
        String token = who.token();
        return guard(message(token, mailboxId, emailId).chain(m -> owners.call(Upstream.MAILBOX, token,
                Call.of(HttpMethod.PATCH, "/v1/messages/" + OwnerCalls.enc(emailId), change)))
                .map(ToolOutcomes::json).map(m -> new McpViews.Changed(emailId, m.path("unread").asBoolean(),
                        text(m, "folder"))), tool);
    }

    /** The message {@code emailId}, when it is in mailbox {@code mailboxId} (else "not found"). */
    Uni<JsonNode> message(String token, String mailboxId, String emailId) {
        req(mailboxId, "mailboxId");
        return owners.call(Upstream.MAILBOX, token, Call.get("/v1/messages/" + OwnerCalls.enc(req(emailId, "emailId"))))
                .map(ToolOutcomes::json).map(m -> {
                    inMailbox(m, mailboxId, "email " + emailId);
                    return m;
                });
    }

    /** Every mailbox the key reads (the cursor pages, up to {@value #MAILBOX_PAGES} of 200), or up to {@code address}. */
    private Uni<List<JsonNode>> allMailboxes(String token, String address) {
        List<JsonNode> out = new ArrayList<>();
        return mailboxPages(token, null, out, address, 0).replaceWith(out);
    }

    private Uni<Void> mailboxPages(String token, String pageToken, List<JsonNode> out, String address, int pages) {
        return owners.call(Upstream.MAILBOX, token, Call.get("/v1/mailboxes").param("limit", 200)
                .param("page_token", pageToken)).map(ToolOutcomes::json).chain(p -> {
                    boolean found = false;
                    for (JsonNode m : p.path("items")) {
                        out.add(m);
                        found |= address != null && matches(m, address);
                    }
                    if (found || !p.hasNonNull("next_page_token") || pages + 1 >= MAILBOX_PAGES) {
                        return Uni.createFrom().voidItem();
                    }
                    return mailboxPages(token, p.get("next_page_token").asText(), out, address, pages + 1);
                });
    }

    /** The mailbox whose address (or id) is {@code mailboxId}, among the key's; else "not found". */
    Uni<JsonNode> mailboxOf(String token, String mailboxId) {
        String wanted = req(mailboxId, "mailboxId").strip();
        return allMailboxes(token, wanted).map(list -> list.stream().filter(m -> matches(m, wanted)).findFirst()
                .orElseThrow(() -> new ToolCallException("not found: mailbox " + wanted
                        + " (list_mailboxes shows the mailboxes of this API key)")));
    }

    private static boolean matches(JsonNode mailbox, String wanted) {
        return wanted.equalsIgnoreCase(text(mailbox, "address")) || wanted.equals(text(mailbox, "id"));
    }

    /** "not found" unless {@code item} (a message or thread) is in mailbox {@code mailboxId}. */
    static void inMailbox(JsonNode item, String mailboxId, String what) {
        String wanted = req(mailboxId, "mailboxId").strip();
        if (!wanted.equalsIgnoreCase(text(item, "mailbox")) && !wanted.equals(text(item, "mailbox_id"))) {
            throw new ToolCallException("not found: " + what + " in mailbox " + wanted);
        }
    }

    private static List<String> repliedTo(JsonNode original) {
        List<String> out = new ArrayList<>();
        original.path("reply_to").forEach(a -> out.add(String.valueOf(McpViews.address(a)).toLowerCase(Locale.ROOT)));
        out.add(String.valueOf(McpViews.address(original.path("from"))).toLowerCase(Locale.ROOT));
        return out;
    }

    private static String bare(String address) {
        String a = address.strip();
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        return (lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a).toLowerCase(Locale.ROOT);
    }

    /** The attachment arguments as the owners' JSON ({@code filename, content_type, content, content_id}). */
    static List<Map<String, Object>> files(List<FileArg> files) {
        if (files == null || files.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (FileArg f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filename", f.filename());
            m.put("content_type", f.contentType());
            m.put("content", f.content());
            m.put("content_id", f.contentId());
            m.values().removeIf(java.util.Objects::isNull);
            out.add(m);
        }
        return out;
    }

    static String req(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ToolCallException(name + ": is required");
        }
        return value;
    }

    private static String text(JsonNode n, String field) {
        return McpViews.text(n, field);
    }

    private static <T> Uni<T> guard(Uni<T> uni, String tool) {
        return ToolOutcomes.guarded(uni, tool);
    }

    /** Small JSON helpers. */
    static final class Json {
        private Json() {
        }

        static JsonNode emptyPage() {
            return dev.mailroom.contract.Json.mapper().createObjectNode().set("items",
                    dev.mailroom.contract.Json.mapper().createArrayNode());
        }
    }
}
