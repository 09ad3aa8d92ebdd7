package dev.mailroom.agenthost.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.agent.Conversation;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.service.AgentCatalog;
import dev.mailroom.agenthost.service.InstanceSends;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Ids;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.page.Keyset;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.agenthost.service.AgentDirectory;
import dev.mailroom.agenthost.service.StoredWebhookAgents;
import dev.mailroom.agenthost.service.WebhookAgentService;
import dev.mailroom.contract.AgentRecord;
import io.smallrye.mutiny.Uni;

/**
 * Agent classes, their instances, an instance's state and threads; webhook classes created, changed and removed at
 * runtime (admin keys only), which the agent registry carries to the router and ingress.
 */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final AgentCatalog catalog;
    private final AgentHostConfig config;
    private final CurrentCaller current;
    private final AgentDirectory directory;
    private final StoredWebhookAgents stored;
    private final WebhookAgentService webhooks;
    private final InstanceSends sends;

    public AgentsResource(AgentCatalog catalog, AgentHostConfig config, CurrentCaller current,
            AgentDirectory directory, StoredWebhookAgents stored, WebhookAgentService webhooks,
            InstanceSends sends) {
        this.sends = sends;
        this.catalog = catalog;
        this.config = config;
        this.current = current;
        this.directory = directory;
        this.stored = stored;
        this.webhooks = webhooks;
    }

    @GET
    @Operation(summary = "Agent classes", description = "Registered classes and classes with stored instances, by"
            + " name; a page of limit (default 50, at most 200), the next one with page_token.")
    public Uni<Page<Views.AgentClassView>> classes(@QueryParam("limit") String limit,
            @QueryParam("page_token") String pageToken) {
        current.get();
        int size = PageToken.limitOf(limit);
        String after = PageToken.decode(pageToken);
        return catalog.classes().map(counts -> {
            // a few classes: counted in one query, ordered and cut here by their unique name
            List<Views.AgentClassView> out = new ArrayList<>();
            new TreeMap<>(counts).tailMap(after == null ? "" : after, after == null).forEach((c, n) -> {
                if (out.size() <= size) {
                    AgentRecord record = directory.record(c).orElse(null);
                    out.add(new Views.AgentClassView(c, catalog.registered(c), n, sendPolicy(c),
                            record == null ? null : record.kind(), record == null ? null : record.addresses()));
                }
            });
            return Page.of(out, size, Views.AgentClassView::className);
        });
    }

    @GET
    @Path("/{class}/instances")
    @Operation(summary = "Instances of a class", description = "Without their state, by name; a page of limit"
            + " (default 50, at most 200), the next one with page_token; 404 for an unknown class.")
    public Uni<Page<Views.InstanceView>> instances(@PathParam("class") String className,
            @QueryParam("limit") String limit, @QueryParam("page_token") String pageToken) {
        Caller caller = current.get();
        int size = PageToken.limitOf(limit);
        String after = PageToken.decode(pageToken);
        return catalog.instances(caller, className, after, size + 1).map(list -> {
            if (list.isEmpty() && after == null && !catalog.registered(className)) {
                throw ApiException.notFound("agent class " + className);
            }
            return Page.of(list.stream().map(i -> Views.InstanceView.of(i, false)).toList(), size,
                    Views.InstanceView::instance);
        });
    }

    @GET
    @Path("/{class}/instances/{instance}")
    @Operation(summary = "An instance and its durable state")
    public Uni<Views.InstanceView> instance(@PathParam("class") String className,
            @PathParam("instance") String instance) {
        return catalog.visibleInstance(current.get(), className, instance).map(i -> Views.InstanceView.of(i, true));
    }

    @GET
    @Path("/{class}/instances/{instance}/threads")
    @Operation(summary = "An instance's threads", description = "Most recently active first (thread id breaks"
            + " ties), messages oldest first; the newest mailroom.agent.history-limit messages. A page of limit"
            + " (default 50, at most 200), the next one with page_token.")
    public Uni<Page<Views.ThreadView>> threads(@PathParam("class") String className,
            @PathParam("instance") String instance, @QueryParam("limit") String limit,
            @QueryParam("page_token") String pageToken) {
        Caller caller = current.get();
        int size = PageToken.limitOf(limit);
        Keyset after = Keyset.after(pageToken);
        return catalog.visibleInstance(caller, className, instance).chain(i -> {
            return catalog.threads(className, instance).map(h -> {
                // newest activity first, the id as tiebreaker: a keyset over the loaded history window
                Comparator<Conversation> order = Comparator.comparing(AgentsResource::lastAt).reversed()
                        .thenComparing(Comparator.comparing(Conversation::id).reversed());
                List<Views.ThreadView> out = h.threads().stream().sorted(order)
                        .filter(c -> after == null || lastAt(c).isBefore(after.at())
                                || (lastAt(c).equals(after.at()) && c.id().compareTo(after.id()) < 0))
                        .limit(size + 1L).map(Views.ThreadView::of).toList();
                return Page.of(out, size, t -> Keyset.cursor(t.messages().get(t.messages().size() - 1).at(),
                        t.id()));
            });
        });
    }

    @POST
    @Path("/{class}/instances/{instance}/send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send as an instance", description = "A message a person or an application sends from an"
            + " address of the instance (e.g. a reply from its mailbox), through the class's send policy like the"
            + " agent's own sends: 202 {id, status: queued | held, draft_id, message_id}. Needs the permission send"
            + " and a key covering the from domain. With an Idempotency-Key a retry answers what the first request"
            + " did and sends nothing more.")
    public Uni<Response> send(@PathParam("class") String className, @PathParam("instance") String instance,
            @HeaderParam("Idempotency-Key") String idempotencyKey, InstanceSendJson.Body body) {
        Caller caller = current.get();
        if (!caller.may(Permission.SEND)) {
            throw ApiException.forbidden("this API key may not send (it lacks the permission send)");
        }
        if (!sends.serves(className)) {
            throw ApiException.notFound("agent class " + className);
        }
        if (instance.isEmpty() || instance.length() > 200
                || !instance.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
            throw ApiException.notFound("instance " + className + "/" + instance); // no address routes to it
        }
        AgentRef self = new AgentRef(className, instance);
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean keyed = idempotencyKey != null && !idempotencyKey.isBlank();
        String id = keyed ? Ids.derived("instance-send", caller.keyId(), idempotencyKey.strip(), self.key())
                : Ids.newId();
        OutboundRequest request = InstanceSendJson.request(body, self, id, errors);
        if (request == null) {
            throw ApiException.invalid(errors);
        }
        String domain = request.from().domain();
        if (!caller.covers(domain)) {
            throw new ApiException(Problem.of(403, "forbidden", "Forbidden",
                    "from: this API key may not send from " + domain,
                    List.of(new Problem.FieldError("from", "this API key may not send from " + domain))));
        }
        return sends.isAddressOf(self, request.from().address()).chain(ok -> {
            if (!ok) {
                throw ApiException.invalid(List.of(new Problem.FieldError("from",
                        "is not an address of instance " + self.key())));
            }
            return sends.send(self, request, keyed);
        }).map(o -> Response.accepted(new InstanceSendJson.Accepted(o.id(), o.held() ? "held" : "queued",
                o.draftId(), o.messageId())).build());
    }

    @GET
    @Path("/{class}/instances/{instance}/events")
    @Operation(summary = "An instance's recent events", description = "Newest first, at most limit (default 50, at"
            + " most 200): messages received and sent, drafts held, approved and rejected (with the reason), schedules"
            + " made, fired and failed, each with its time. 404 for an unknown instance or one whose address is in a"
            + " domain the key does not cover.")
    public Uni<Views.InstanceEventsView> events(@PathParam("class") String className,
            @PathParam("instance") String instance, @QueryParam("limit") String limit) {
        Caller caller = current.get();
        int size = PageToken.limitOf(limit);
        return catalog.visibleInstance(caller, className, instance)
                .chain(i -> catalog.events(className, instance, size))
                .map(list -> new Views.InstanceEventsView(list.stream().map(Views.InstanceEventView::of).toList()));
    }

    private static Instant lastAt(Conversation c) {
        return c.messages().get(c.messages().size() - 1).at();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a webhook agent class", description = "Admin key. Body {name, address | addresses,"
            + " webhook: {url, secret (at least 16 characters), timeout (default 10s)}}; 201 with the class (never"
            + " the secret), 409 when the name or an address is taken. Router and ingress follow within seconds.")
    public Uni<Response> create(AgentDefinitions.AgentRequest body) {
        admin();
        return webhooks.create(body(body).spec(null))
                .map(row -> Response.created(URI.create("/v1/agents/" + row.name())).entity(view(row.name())).build())
                .onFailure().transform(AgentsResource::problem);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "An agent class", description = "Kind (java, webhook), source (code, configuration, api),"
            + " address names, webhook URL and timeout (never the secret).")
    public AgentDefinitions.AgentView get(@PathParam("name") String name) {
        current.get();
        if (directory.source(name).isEmpty()) {
            throw ApiException.notFound("agent class " + name);
        }
        return view(name);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a webhook agent class", description = "Admin key. Same body as POST; a missing"
            + " secret keeps the stored one. 409 for a class of code or configuration.")
    public Uni<AgentDefinitions.AgentView> update(@PathParam("name") String name,
            AgentDefinitions.AgentRequest body) {
        admin();
        return webhooks.update(name, body(body).spec(name)).map(row -> view(row.name()))
                .onFailure().transform(AgentsResource::problem);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a webhook agent class", description = "Admin key. Its addresses are refused at RCPT"
            + " within seconds; stored instances and history stay. 409 for a class of code or configuration.")
    public Uni<Response> delete(@PathParam("name") String name) {
        admin();
        return webhooks.delete(name).map(ok -> Response.noContent().build())
                .onFailure().transform(AgentsResource::problem);
    }

    private void admin() {
        if (!current.get().admin()) {
            throw ApiException.forbidden("managing agent classes needs an admin key");
        }
    }

    private static AgentDefinitions.AgentRequest body(AgentDefinitions.AgentRequest body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        return body;
    }

    private AgentDefinitions.AgentView view(String name) {
        AgentRecord record = directory.record(name).orElseThrow(() -> ApiException.notFound("agent class " + name));
        return AgentDefinitions.AgentView.of(record, directory.source(name).orElseThrow(),
                stored.row(name).orElse(null), sendPolicy(name));
    }

    private String sendPolicy(String className) {
        var policy = config.agents().get(className);
        return policy == null ? "autonomous" : Views.lower(policy.sendPolicy());
    }

    private static Throwable problem(Throwable failure) {
        if (failure instanceof WebhookAgentService.Refused e) {
            String detail = e.getMessage().startsWith(e.field() + ": ")
                    ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
            return e.kind() == WebhookAgentService.Refused.Kind.INVALID
                    ? ApiException.invalid(List.of(new Problem.FieldError(e.field(), detail)))
                    : ApiException.conflict("agent-conflict", "Conflict on " + e.field(), e.getMessage());
        }
        if (failure instanceof WebhookAgentService.NotFound e) {
            return ApiException.notFound(e.getMessage().substring(3));
        }
        return failure;
    }
}
