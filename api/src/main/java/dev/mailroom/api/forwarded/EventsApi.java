package dev.mailroom.api.forwarded;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer event stream (server-sent events): served by mailbox (ADR 0038), forwarded by the api. */
@Path("/v1/events")
@Tag(name = "events", description = "The event stream of the key's domains (served by mailbox)")
public interface EventsApi {

    /** The JSON of one customer event: a webhook's body and a stream event's data. */
    @Schema(name = "CustomerEvent", description = "A customer event: what a webhook POSTs and the stream's data.")
    record CustomerEvent(@Schema(example = "message.delivered", description = "any of: " + WebhooksApi.TYPES)
            String type,
            @Schema(example = "2026-12-07T06:13:05Z") Instant timestamp,
            @Schema(description = "ids, mailbox, recipient, status, reply; never bodies (above the size cap"
                    + " text and html are dropped and link points at the message)",
                    example = "{\"message_id\": \"m-01HZX\", \"domain\": \"example.org\", \"status\": \"delivered\"}")
            Map<String, Object> data) {
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEvents", summary = "Customer events as server-sent events",
            description = "Key with read; the events of the key's domains. Each event: id = its sequence number,"
                    + " event = its type, data = the webhook JSON {type, timestamp, data}. Reconnect with"
                    + " Last-Event-ID (or last_event_id) to continue without loss or repetition; without, the stream"
                    + " starts now. A comment line every 15 s keeps it open.")
    @APIResponse(responseCode = "200", description = "An event stream of CustomerEvent",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = CustomerEvent.class)))
    default void stream(
            @QueryParam("types") @Parameter(description = "comma-separated event types; default all",
                    example = "message.received,message.bounced") String types,
            @QueryParam("mailbox") @Parameter(description = "only this mailbox's events") String mailbox,
            @QueryParam("domain") @Parameter(description = "only this domain's events") String domain,
            @QueryParam("last_event_id") @Parameter(description = "continue after this event id") String lastEventId,
            @HeaderParam("Last-Event-ID") @Parameter(description = "continue after this event id") String lastEventHeader) {
        Forwarded.notServedHere();
    }
}
