package dev.mailroom.api.forwarded;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The suppression list: served by egress-sender (the MTA's state), forwarded by the api. */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "suppressions", description = "Recipients Mailroom no longer sends to (served by egress-sender)")
public interface SuppressionsApi {

    @GET
    @Operation(operationId = "listSuppressions", summary = "Suppressed recipients (admin)",
            description = "Newest first (address breaks ties).")
    default Schemas.SuppressionPage list(@QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @DELETE
    @Path("/{address}")
    @Operation(operationId = "deleteSuppression", summary = "Remove a recipient from the suppression list (admin)")
    @APIResponse(responseCode = "204", description = "Removed")
    default Response remove(@PathParam("address") String address) {
        return Forwarded.notServedHere();
    }
}
