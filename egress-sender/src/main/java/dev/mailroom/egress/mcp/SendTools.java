package dev.mailroom.egress.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.egress.repository.DeliveryRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import dev.mailroom.egress.rest.McpAuthentication;
import dev.mailroom.egress.rest.SendJson;
import dev.mailroom.egress.rest.SendMapping;
import dev.mailroom.egress.service.SendService;
import dev.mailroom.egress.service.Spooler;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.Problem;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;

/**
 * MCP tools for coding agents ({@code POST /mcp}, Streamable HTTP, the same API keys as {@code /v1}): sending takes
 * the REST API's path and checks (scope, validation, header injection) and lands on
 * {@code mailroom.outbound.requested} like every other sender.
 */
@ApplicationScoped
public class SendTools {

    private final SendService sends;
    private final Spooler spooler;
    private final OutboundMessageRepository messages;
    private final DeliveryRepository deliveries;
    private final CurrentVertxRequest request;

    public SendTools(SendService sends, Spooler spooler, OutboundMessageRepository messages,
            DeliveryRepository deliveries, CurrentVertxRequest request) {
        this.sends = sends;
        this.spooler = spooler;
        this.messages = messages;
        this.deliveries = deliveries;
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
                inReplyTo, inReplyTo == null ? null : List.of(inReplyTo), List.of("mcp")), caller, spooler, "",
                errors);
        if (out == null) {
            throw new ToolCallException("not sent: " + errors.stream().map(e -> e.field() + ": " + e.detail())
                    .collect(Collectors.joining("; ")));
        }
        return sends.accept(caller, List.of(out), null, null).map(ids -> "accepted, send id " + ids.get(0));
    }

    @Tool(name = "get_email_status", description = "Delivery status of a message sent through Mailroom: the"
            + " message's status and each recipient's status and last remote reply.")
    public Uni<String> getEmailStatus(@ToolArg(description = "send id returned by send_email") String id) {
        Caller caller = caller();
        return Panache.withSession(() -> messages.findById(id).chain(m -> {
            if (m == null || !caller.covers(m.senderDomain)) {
                throw new ToolCallException("no message " + id);
            }
            return deliveries.forMessage(id).map(rows -> m.status + "\n" + rows.stream()
                    .map(d -> d.recipient + ": " + d.status + " after " + d.attempts + " attempt(s)"
                            + (d.lastReply == null ? "" : ", last reply: " + d.lastReply))
                    .collect(Collectors.joining("\n")));
        }));
    }

    private Caller caller() {
        Caller caller = request.getCurrent() == null ? null : request.getCurrent().get(McpAuthentication.CALLER);
        if (caller == null) {
            throw new ToolCallException("unauthenticated");
        }
        return caller;
    }
}
