package dev.mailroom.api.mcp;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.rest.SendJson;
import dev.mailroom.api.rest.SendMapping;
import dev.mailroom.api.service.Sends;
import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.api.upstream.OwnerCalls.Call;
import dev.mailroom.api.upstream.Upstream;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.Problem;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;

/**
 * Sending ({@code send_email}) takes the REST API's validation ({@link SendMapping}) and acceptance ({@link Sends}:
 * permission, scope, sender policy, Idempotency-Key, Kafka acknowledgement) and lands on
 * {@code mailroom.outbound.requested} like every other sender; the status ({@code get_email_status}) comes from the
 * mailbox service, which keeps it from egress-sender's delivery events, asked with the caller's key.
 */
@ApplicationScoped
public class SendTools {

    private final Sends sends;
    private final OwnerCalls owners;
    private final McpCaller who;

    public SendTools(Sends sends, OwnerCalls owners, McpCaller who) {
        this.sends = sends;
        this.owners = owners;
        this.who = who;
    }

    @Tool(name = "send_email", description = "Send a new email (not a reply) through Mailroom, from a mailbox"
            + " address in a domain of the API key. Returns the send id; follow it with get_email_status. Only call"
            + " after the user confirmed.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = true),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.Sent.class))
    public Uni<McpViews.Sent> sendEmail(
            @ToolArg(description = "the address to send from, e.g. support@your.domain (or use from)",
                    required = false) String mailboxId,
            @ToolArg(description = "sender, 'addr' or 'Name <addr>' (instead of mailboxId)", required = false)
            String from,
            @ToolArg(description = "recipients") List<String> to,
            @ToolArg(description = "subject") String subject,
            @ToolArg(description = "HTML body", required = false) String bodyHtml,
            @ToolArg(description = "plain-text body", required = false) String text,
            @ToolArg(description = "carbon copies", required = false) List<String> cc,
            @ToolArg(description = "blind carbon copies", required = false) List<String> bcc,
            @ToolArg(description = "Message-ID this answers (threading)", required = false) String inReplyTo,
            @ToolArg(description = "files to attach: filename, contentType, base64 content, optional contentId",
                    required = false) List<MailTools.FileArg> attachments,
            @ToolArg(description = "makes a retry safe: the same key and arguments send once (24 h)",
                    required = false) String idempotencyKey) {
        Caller caller = who.caller();
        String sender = from != null && !from.isBlank() ? from : mailboxId;
        List<SendJson.AttachmentJson> files = attachments == null ? null : attachments.stream()
                .map(f -> new SendJson.AttachmentJson(f.filename(), f.contentType(), f.content(), f.contentId()))
                .toList();
        SendJson json = new SendJson(sender, to, cc, bcc, null, subject, text, bodyHtml, files, null, inReplyTo,
                inReplyTo == null ? null : List.of(inReplyTo), List.of("mcp"));
        List<Problem.FieldError> errors = new ArrayList<>();
        OutboundRequest out = SendMapping.map(json, "", errors);
        if (out == null) {
            throw new ToolCallException("not sent: " + ToolOutcomes.fields(errors));
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && key.length() > 255) {
            throw new ToolCallException("not sent: idempotencyKey: at most 255 characters");
        }
        return ToolOutcomes.guarded(sends.accept(caller, List.of(out), key, key == null ? null
                : Sends.hash("mcp-send", json)), "send_email")
                .onFailure(ToolCallException.class).transform(e -> new ToolCallException("not sent: " + e.getMessage()))
                .map(accepted -> new McpViews.Sent(accepted.get(0).id(), "queued",
                        "<" + accepted.get(0).messageId() + ">", null));
    }

    @Tool(name = "get_email_status", description = "Delivery status of a message sent through Mailroom: the"
            + " message's status and each recipient's status, attempts and last remote reply.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.EmailStatus.class))
    public Uni<McpViews.EmailStatus> getEmailStatus(@ToolArg(description = "send id returned by send_email") String id) {
        Caller caller = who.caller();
        if (!caller.may(Permission.READ) && !caller.may(Permission.SEND)) {
            throw new ToolCallException("this API key may not read message status");
        }
        return ToolOutcomes.guarded(owners.call(Upstream.MAILBOX, who.token(), Call.get("/v1/messages/"
                + OwnerCalls.enc(MailTools.req(id, "id")))).map(ToolOutcomes::json).map(McpViews::status),
                "get_email_status");
    }
}
