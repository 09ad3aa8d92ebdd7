package dev.mailroom.agenthost.rest;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.service.AgentCatalog;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.platform.page.Keyset;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import io.smallrye.mutiny.Uni;

/** Schedules made by agents. */
@Path("/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

    private final AgentCatalog catalog;
    private final CurrentCaller current;

    public SchedulesResource(AgentCatalog catalog, CurrentCaller current) {
        this.catalog = catalog;
        this.current = current;
    }

    @GET
    @Operation(summary = "Schedules", description = "status: pending (default), fired, failed or all; soonest"
            + " first (id breaks ties); a page of limit (default 50, at most 200), the next one with page_token."
            + " class and instance (both, or neither) narrow it to one instance (404 when the key does not cover"
            + " the instance's domain); without them, the schedules of every instance whose address is in one of the"
            + " key's domains.")
    public Uni<Page<Views.ScheduleView>> list(@QueryParam("status") @DefaultValue("pending") String status,
            @QueryParam("limit") String limit, @QueryParam("page_token") String pageToken,
            @QueryParam("class") String className, @QueryParam("instance") String instance) {
        Caller caller = current.get();
        AgentSchedule.Status wanted = Views.status(status, AgentSchedule.Status.class);
        int size = PageToken.limitOf(limit);
        Keyset after = Keyset.after(pageToken);
        if ((className == null) != (instance == null)) {
            throw ApiException.invalid(List.of(new Problem.FieldError(className == null ? "class" : "instance",
                    "class and instance go together")));
        }
        Uni<List<AgentSchedule>> page = className == null ? catalog.schedules(caller, wanted, after, size + 1)
                : catalog.visibleInstance(caller, className, instance)
                        .chain(i -> catalog.schedules(wanted, after, size + 1, className, instance));
        return page.map(list -> Page.of(list.stream().map(Views.ScheduleView::of).toList(), size,
                s -> Keyset.cursor(s.dueAt(), s.id())));
    }
}
