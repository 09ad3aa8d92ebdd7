package dev.mailroom.api.forwarded;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/probe")
public interface ProbeApi {
    record Thing(String someName, int count) {}

    @GET
    @Path("/{id}")
    @Produces("application/json")
    @Operation(summary = "probe")
    Thing get(@PathParam("id") String id);
}
