package dev.mailroom.api.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.api.upstream.OwnerCalls.Call;
import dev.mailroom.api.upstream.Upstream;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * Drafts: in Mailroom a draft is a message an agent holds for a person to approve (agent-host's {@code /v1/drafts},
 * asked on its internal port with the caller's key). {@code list_drafts}, {@code approve_draft} and
 * {@code reject_draft} act on them. The Agentic Inbox's person-written drafts ({@code draft_reply},
 * {@code create_draft}, {@code update_draft}) have no store in Mailroom yet (ADR 0044): those tools are listed with
 * their parameters and answer a tool error saying so, without side effects.
 */
@ApplicationScoped
public class DraftTools {

    static final String NO_PERSON_DRAFTS = "not supported yet: Mailroom keeps drafts only as messages agents hold"
            + " for approval (list_drafts, approve_draft, reject_draft); to answer now use send_reply, to send a new"
            + " message send_email";

    private final OwnerCalls owners;
    private final McpCaller who;

    public DraftTools(OwnerCalls owners, McpCaller who) {
        this.owners = owners;
        this.who = who;
    }

    @Tool(name = "list_drafts", description = "Drafts agents hold for approval, oldest first: pending by default.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DraftList.class))
    public Uni<McpViews.DraftList> listDrafts(
            @ToolArg(description = "pending (default), approved, rejected or all", required = false) String status,
            @ToolArg(description = "only this agent class's drafts (with instance)", required = false)
            String agentClass,
            @ToolArg(description = "an instance of agentClass", required = false) String instance,
            @ToolArg(description = "at most this many (default 50)", required = false) Integer limit,
            @ToolArg(description = "nextPageToken of the previous answer", required = false) String pageToken) {
        String token = who.token();
        Call call = Call.get("/v1/drafts").param("status", status).param("class", agentClass)
                .param("instance", instance).param("limit", limit).param("page_token", pageToken);
        return ToolOutcomes.guarded(owners.call(Upstream.AGENT_HOST, token, call).map(ToolOutcomes::json)
                .map(McpViews::drafts), "list_drafts");
    }

    @Tool(name = "approve_draft", description = "Approve a held draft: it is sent (with the edits given, if any)."
            + " Only call after the user confirmed.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = true),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DraftItem.class))
    public Uni<McpViews.DraftItem> approveDraft(@ToolArg(description = "the draft's id") String draftId,
            @ToolArg(description = "a new subject", required = false) String subject,
            @ToolArg(description = "a new plain-text body", required = false) String text,
            @ToolArg(description = "a new HTML body", required = false) String html,
            @ToolArg(description = "new recipients", required = false) List<String> to) {
        String token = who.token();
        Map<String, Object> edits = new LinkedHashMap<>();
        edits.put("subject", subject);
        edits.put("text", text);
        edits.put("html", html);
        edits.put("to", to);
        edits.values().removeIf(java.util.Objects::isNull);
        return decide(token, draftId, "approve", edits, "approve_draft");
    }

    @Tool(name = "reject_draft", description = "Reject a held draft: nothing is sent.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true,
                    openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DraftItem.class))
    public Uni<McpViews.DraftItem> rejectDraft(@ToolArg(description = "the draft's id") String draftId,
            @ToolArg(description = "why (at most 1,000 characters)", required = false) String reason) {
        String token = who.token();
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return decide(token, draftId, "reject", body, "reject_draft");
    }

    @Tool(name = "draft_reply", description = "Not supported yet in Mailroom (answers an error, changes nothing):"
            + " drafts are held by agents. Use send_reply, or approve_draft for an agent's draft.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String draftReply(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the id of the email answered") String originalEmailId,
            @ToolArg(description = "recipient") String to, @ToolArg(description = "subject") String subject,
            @ToolArg(description = "HTML body") String bodyHtml) {
        throw new ToolCallException(NO_PERSON_DRAFTS);
    }

    @Tool(name = "create_draft", description = "Not supported yet in Mailroom (answers an error, changes nothing):"
            + " drafts are held by agents. Use send_email.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String createDraft(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "recipient", required = false) String to,
            @ToolArg(description = "subject") String subject, @ToolArg(description = "HTML body") String bodyHtml,
            @ToolArg(description = "id of the email answered", required = false, name = "in_reply_to")
            String inReplyTo,
            @ToolArg(description = "thread id", required = false, name = "thread_id") String threadId) {
        throw new ToolCallException(NO_PERSON_DRAFTS);
    }

    @Tool(name = "update_draft", description = "Not supported yet in Mailroom (answers an error, changes nothing):"
            + " an agent's draft is edited while approving it (approve_draft with subject, text, html, to).",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public String updateDraft(@ToolArg(description = "the mailbox's address") String mailboxId,
            @ToolArg(description = "the draft's id") String draftId,
            @ToolArg(description = "recipient", required = false) String to,
            @ToolArg(description = "subject", required = false) String subject,
            @ToolArg(description = "HTML body", required = false) String bodyHtml) {
        throw new ToolCallException(NO_PERSON_DRAFTS);
    }

    private Uni<McpViews.DraftItem> decide(String token, String draftId, String verb, Map<String, Object> body,
            String tool) {
        String path = "/v1/drafts/" + OwnerCalls.enc(MailTools.req(draftId, "draftId")) + "/" + verb;
        return ToolOutcomes.guarded(owners.call(Upstream.AGENT_HOST, token, Call.of(HttpMethod.POST, path, body))
                .map(ToolOutcomes::json).map(McpViews::draft), tool);
    }
}
