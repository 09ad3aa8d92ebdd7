package dev.mailroom.api.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.rest.McpAuthentication;
import dev.mailroom.api.rest.SendJson;
import dev.mailroom.api.rest.SendMapping;
import dev.mailroom.api.service.Sends;
import dev.mailroom.api.upstream.MessageStatus;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * MCP tools for coding agents ({@code POST /mcp}, Streamable HTTP, the same API keys as {@code /v1}): sending takes
 * the REST API's validation ({@link SendMapping}) and acceptance ({@link Sends}: permission, scope, sender policy,
 * Kafka acknowledgement) and lands on {@code mailroom.outbound.requested} like every other sender; the status comes
 * from the mailbox service, which keeps it from egress-sender's delivery events ({@link MessageStatus}).
 */
@ApplicationScoped
public class SendTools {

    private final Sends sends;
    private final MessageStatus status;
    private final CurrentVertxRequest request;

    public SendTools(Sends sends, MessageStatus status, CurrentVertxRequest request) {
        this.sends = sends;
        this.status = status;
        this.request = request;
    }

    @Tool(name = "send_email", description = "Send an email through Mailroom. Returns the send id; follow it with"
            + " get_email_status.")
    public Uni<String> sendEmail(
            @ToolArg(description = "sender, 'addr' or 'Name <addr>', in a domain of the API key") String from,
            @ToolArg(description = "recipients") List<String> to,
            @ToolArg(description = "subject") String subject,
            @ToolArg(description = "plain-text body", required = false) String text,
            @ToolArg(description = "HTML body", required = false) String html,
            @ToolArg(description = "carbon copies", required = false) List<String> cc,
            @ToolArg(description = "Message-ID this answers (threading)", required = false) String inReplyTo) {
        Caller caller = caller();
        List<Problem.FieldError> errors = new ArrayList<>();
        OutboundRequest out = SendMapping.map(new SendJson(from, to, cc, null, null, subject, text, html, null, null,
                inReplyTo, inReplyTo == null ? null : List.of(inReplyTo), List.of("mcp")), "", errors);
        if (out == null) {
            throw new ToolCallException("not sent: " + fields(errors));
        }
        return sends.accept(caller, List.of(out), null, null)
                .map(accepted -> "accepted, send id " + accepted.get(0).id())
                .onFailure(ApiException.class).transform(e -> {
                    Problem p = ((ApiException) e).problem();
                    return new ToolCallException("not sent: " + (p.errors() == null || p.errors().isEmpty()
                            ? p.detail() : fields(p.errors())));
                });
    }

    @Tool(name = "get_email_status", description = "Delivery status of a message sent through Mailroom: the"
            + " message's status and each recipient's status and last remote reply.")
    public Uni<String> getEmailStatus(@ToolArg(description = "send id returned by send_email") String id) {
        Caller caller = caller();
        if (!caller.may(Permission.READ) && !caller.may(Permission.SEND)) {
            throw new ToolCallException("this API key may not read message status");
        }
        String token = request.getCurrent().get(McpAuthentication.TOKEN);
        return status.get(token, id).map(view -> {
            if (view == null) {
                throw new ToolCallException("no message " + id);
            }
            List<String> lines = new ArrayList<>();
            lines.add(view.path("status").asText());
            for (JsonNode r : view.path("recipients")) {
                lines.add(r.path("address").asText() + ": " + r.path("status").asText() + " after "
                        + r.path("attempts").asInt() + " attempt(s)"
                        + (r.hasNonNull("last_reply") ? ", last reply: " + r.path("last_reply").asText() : ""));
            }
            return String.join("\n", lines);
        }).onFailure(MessageStatus.Unavailable.class).transform(e -> {
            Log.warnf("message status unavailable id=%s error=%s", id, e.getMessage());
            return new ToolCallException("the status of " + id + " cannot be read right now; retry later");
        });
    }

    private static String fields(List<Problem.FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.detail()).collect(Collectors.joining("; "));
    }

    private Caller caller() {
        RoutingContext rc = request.getCurrent();
        Caller caller = rc == null ? null : rc.get(McpAuthentication.CALLER);
        if (caller == null) {
            throw new ToolCallException("unauthenticated");
        }
        return caller;
    }
}
