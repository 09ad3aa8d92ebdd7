package dev.mailroom.agenthost.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.agent.Conversation;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.service.AgentCatalog;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/** Agent classes, their instances, an instance's state and threads. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    private final AgentCatalog catalog;
    private final AgentHostConfig config;
    private final CurrentCaller current;

    public AgentsResource(AgentCatalog catalog, AgentHostConfig config, CurrentCaller current) {
        this.catalog = catalog;
        this.config = config;
        this.current = current;
    }

    @GET
    @Operation(summary = "Agent classes", description = "Registered classes and classes with stored instances.")
    public Uni<List<Views.AgentClassView>> classes() {
        current.get();
        return catalog.classes().map(counts -> {
            List<Views.AgentClassView> out = new ArrayList<>();
            counts.forEach((c, n) -> {
                var policy = config.agents().get(c);
                out.add(new Views.AgentClassView(c, catalog.registered(c), n,
                        policy == null ? "autonomous" : Views.lower(policy.sendPolicy())));
            });
            return out;
        });
    }

    @GET
    @Path("/{class}/instances")
    @Operation(summary = "Instances of a class", description = "Without their state; 404 for an unknown class.")
    public Uni<List<Views.InstanceView>> instances(@PathParam("class") String className) {
        current.get();
        return catalog.instances(className).map(list -> {
            if (list.isEmpty() && !catalog.registered(className)) {
                throw ApiException.notFound("agent class " + className);
            }
            return list.stream().map(i -> Views.InstanceView.of(i, false)).toList();
        });
    }

    @GET
    @Path("/{class}/instances/{instance}")
    @Operation(summary = "An instance and its durable state")
    public Uni<Views.InstanceView> instance(@PathParam("class") String className,
            @PathParam("instance") String instance) {
        current.get();
        return catalog.instance(className, instance).map(i -> {
            if (i == null) {
                throw ApiException.notFound("instance " + className + "/" + instance);
            }
            return Views.InstanceView.of(i, true);
        });
    }

    @GET
    @Path("/{class}/instances/{instance}/threads")
    @Operation(summary = "An instance's threads", description = "Most recently active first, messages oldest first;"
            + " the newest mailroom.agent.history-limit messages.")
    public Uni<List<Conversation>> threads(@PathParam("class") String className,
            @PathParam("instance") String instance) {
        current.get();
        return catalog.instance(className, instance).chain(i -> {
            if (i == null) {
                throw ApiException.notFound("instance " + className + "/" + instance);
            }
            return catalog.threads(className, instance).map(h -> h.threads());
        });
    }
}
