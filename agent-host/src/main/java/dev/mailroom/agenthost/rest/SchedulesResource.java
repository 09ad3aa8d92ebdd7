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
import dev.mailroom.platform.auth.CurrentCaller;
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
    @Operation(summary = "Schedules", description = "status: pending (default), fired, failed or all; soonest first.")
    public Uni<List<Views.ScheduleView>> list(@QueryParam("status") @DefaultValue("pending") String status,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        current.get();
        return catalog.schedules(Views.status(status, AgentSchedule.Status.class), Views.limit(limit))
                .map(list -> list.stream().map(Views.ScheduleView::of).toList());
    }
}
