package dev.mailroom.egress.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.egress.model.Delivery;
import dev.mailroom.egress.model.DeliveryAttempt;
import dev.mailroom.egress.model.OutboundMessage;
import dev.mailroom.egress.repository.DeliveryAttemptRepository;
import dev.mailroom.egress.repository.DeliveryRepository;
import dev.mailroom.egress.repository.OutboundMessageRepository;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/messages/{id}}: a message's status, its recipients and every delivery attempt. */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(String id, String status, String from, String subject,
            String messageId, List<String> tags, String failure,
            Instant createdAt, Instant updatedAt,
            List<RecipientView> recipients, List<AttemptView> attempts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientView(String address, String status, int attempts,
            Instant nextAttemptAt, String lastReply) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(String recipient, Instant at, String host, String outcome, String reply) {
    }

    private final OutboundMessageRepository messages;
    private final DeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final CurrentCaller current;

    public MessagesResource(OutboundMessageRepository messages, DeliveryRepository deliveries,
            DeliveryAttemptRepository attempts, CurrentCaller current) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.current = current;
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "Status and delivery attempts of a sent message",
            description = "Visible to admin keys and to keys that may send from the message's domain.")
    public Uni<MessageView> get(@PathParam("id") String id) {
        Caller caller = current.get();
        return messages.findById(id).chain(m -> {
            if (m == null || !caller.covers(m.senderDomain)) {
                throw ApiException.notFound("message " + id);
            }
            return deliveries.forMessage(id).chain(rows -> attempts.forMessage(id).map(list -> view(m, rows, list)));
        });
    }

    private static MessageView view(OutboundMessage m, List<Delivery> rows, List<DeliveryAttempt> list) {
        return new MessageView(m.id, m.status, m.sender, m.subject, m.messageId,
                m.tags.isEmpty() ? List.of() : Arrays.asList(m.tags.split(",")), m.failure, m.createdAt, m.updatedAt,
                rows.stream().map(d -> new RecipientView(d.recipient, d.status, d.attempts,
                        "pending".equals(d.status) ? d.nextAttemptAt : null, d.lastReply)).toList(),
                list.stream().map(a -> new AttemptView(a.recipient, a.attemptedAt, a.host, a.outcome, a.reply))
                        .toList());
    }
}
