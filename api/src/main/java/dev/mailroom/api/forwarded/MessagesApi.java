package dev.mailroom.api.forwarded;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The delivery status of a sent message: served by egress-sender (the MTA's state), forwarded by the api. */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Delivery status of sent mail (served by egress-sender)")
public interface MessagesApi {

    @GET
    @Path("/{id}")
    @Operation(operationId = "getMessage", summary = "Status and delivery attempts of a sent message",
            description = "Visible to admin keys and to keys covering the message's domain (404 otherwise).")
    default Schemas.MessageStatus get(@PathParam("id") String id) {
        return Forwarded.notServedHere();
    }
}
