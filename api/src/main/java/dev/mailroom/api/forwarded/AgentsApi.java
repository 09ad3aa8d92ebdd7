package dev.mailroom.api.forwarded;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Agent classes, instances, state, threads and the wait API: served by agent-host, forwarded by the api. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents", description = "Agent classes and their instances (served by agent-host)")
public interface AgentsApi {

    @GET
    @Operation(operationId = "listAgentClasses", summary = "Agent classes",
            description = "Registered classes and classes with stored instances, by name.")
    default Schemas.AgentClassPage classes(@QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createAgent", summary = "Create a webhook agent class",
            description = "Admin key. Router and ingress accept its addresses within seconds.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schemas.Agent.class)))
    @APIResponse(responseCode = "409", description = "agent-conflict: the name or an address is taken")
    default Response create(Schemas.AgentDefinition body) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getAgent", summary = "An agent class",
            description = "Kind, source, address names, webhook URL and timeout (never the secret).")
    default Schemas.Agent get(@PathParam("name") String name) {
        return Forwarded.notServedHere();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateAgent", summary = "Change a webhook agent class",
            description = "Admin key. A missing secret keeps the stored one.")
    @APIResponse(responseCode = "409", description = "agent-conflict: a class of code or configuration, or a taken address")
    default Schemas.Agent update(@PathParam("name") String name, Schemas.AgentDefinition body) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Path("/{name}")
    @Operation(operationId = "deleteAgent", summary = "Remove a webhook agent class",
            description = "Admin key. Its addresses are refused at RCPT within seconds; instances and history stay.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "agent-conflict: a class of code or configuration")
    default Response delete(@PathParam("name") String name) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances")
    @Operation(operationId = "listAgentInstances", summary = "Instances of a class",
            description = "Without their state, by instance name.")
    default Schemas.AgentInstancePage instances(@PathParam("class") String className,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances/{instance}")
    @Operation(operationId = "getAgentInstance", summary = "An instance and its durable state")
    default Schemas.AgentInstance instance(@PathParam("class") String className,
            @PathParam("instance") String instance) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances/{instance}/threads")
    @Operation(operationId = "listAgentThreads", summary = "An instance's threads",
            description = "Most recently active first (thread id breaks ties), messages oldest first; the newest"
                    + " history-limit messages of the instance.")
    default Schemas.ThreadPage threads(@PathParam("class") String className, @PathParam("instance") String instance,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances/{instance}/events")
    @Operation(operationId = "listAgentInstanceEvents", summary = "An instance's recent events",
            description = "Newest first, at most limit (default 50, at most 200): messages received and sent, drafts"
                    + " held, approved and rejected (with the reason), schedules made, fired and failed. 404 for an"
                    + " unknown instance or one whose address is in a domain the key does not cover.")
    default Schemas.InstanceEventList events(@PathParam("class") String className,
            @PathParam("instance") String instance,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit) {
        return Forwarded.notServedHere();
    }

    @POST
    @Path("/{class}/instances/{instance}/send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendAsAgentInstance", summary = "Send as an agent instance",
            description = "A person's or an application's message from an address of the instance (the mailbox's"
                    + " replies use it), through the class's send policy exactly like the agent's own sends: queued"
                    + " in its outbox, or held as a draft (draft_id). Needs the permission send and a key covering the"
                    + " from domain (403 naming from); 422 names a from that is not the instance's. A retry with the"
                    + " same Idempotency-Key answers what the first did.")
    @APIResponse(responseCode = "202", description = "Accepted: queued or held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Schemas.ReplyAccepted.class)))
    default Response send(@PathParam("class") String className, @PathParam("instance") String instance,
            Schemas.InstanceSend body,
            @Parameter(description = "makes retries safe (the body is not compared)")
            @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances/{instance}/messages")
    @Operation(operationId = "waitAgentMessages", summary = "An instance's messages after a cursor, waiting for the first ones",
            description = "A long poll, not a list: answers as soon as messages after the cursor exist, or an empty"
                    + " list with the same cursor after the wait. Send, then wait with after=<cursor>.")
    default Schemas.WaitPage messages(@PathParam("class") String className, @PathParam("instance") String instance,
            @QueryParam("after") @Parameter(description = "a history sequence number; default: now") Long after,
            @QueryParam("direction") @Parameter(description = "in or out; default both") String direction,
            @QueryParam("thread") @Parameter(description = "a thread id") String thread,
            @QueryParam("wait") @Parameter(description = "how long to wait: 30s (default), PT30S, 0 answers at once")
            String wait) {
        return Forwarded.notServedHere();
    }

    @GET
    @Path("/{class}/instances/{instance}/messages/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamAgentMessages", summary = "An instance's messages as they commit (server-sent events)",
            description = "Each event's data is a WaitedMessage; reconnect with after=<last seq> to resume.")
    @APIResponse(responseCode = "200", description = "An event stream of WaitedMessage",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = Schemas.WaitedMessage.class)))
    default void stream(@PathParam("class") String className, @PathParam("instance") String instance,
            @QueryParam("after") @Parameter(description = "a history sequence number; default: now") Long after,
            @QueryParam("direction") @Parameter(description = "in or out; default both") String direction,
            @QueryParam("thread") @Parameter(description = "a thread id") String thread) {
        Forwarded.notServedHere();
    }
}
