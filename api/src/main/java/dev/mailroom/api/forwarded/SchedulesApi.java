package dev.mailroom.api.forwarded;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Schedules made by agents: served by agent-host, forwarded by the api. */
@Path("/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules", description = "Wake-ups agents asked for (served by agent-host)")
public interface SchedulesApi {

    @GET
    @Operation(operationId = "listSchedules", summary = "Schedules", description = "Soonest first (id breaks"
            + " ties): the schedules of instances whose address is in one of the key's domains.")
    default Schemas.SchedulePage list(
            @QueryParam("status") @Parameter(description = "pending (default), fired, failed or all") String status,
            @QueryParam("class") @Parameter(description = "an agent class (with instance): its schedules only; 404"
                    + " when the key does not cover the instance's domain") String className,
            @QueryParam("instance") @Parameter(description = "an instance of class") String instance,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }
}
