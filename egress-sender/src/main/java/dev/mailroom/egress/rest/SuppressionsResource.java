package dev.mailroom.egress.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.egress.service.Suppressions;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/** {@code /v1/suppressions}: recipients Mailroom no longer sends to (admin). */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionsResource {

    public record SuppressionView(String address, String reason, String detail,
            @JsonProperty("message_id") String messageId, @JsonProperty("created_at") Instant createdAt) {
    }

    private final Suppressions suppressions;
    private final CurrentCaller current;

    public SuppressionsResource(Suppressions suppressions, CurrentCaller current) {
        this.suppressions = suppressions;
        this.current = current;
    }

    @GET
    @Operation(summary = "List suppressed recipients, newest first (admin)")
    public Uni<List<SuppressionView>> list(@QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        current.admin();
        int size = Math.max(1, Math.min(limit, 1000));
        return suppressions.page(Math.max(0, offset), size).map(list -> list.stream()
                .map(s -> new SuppressionView(s.address, s.reason, s.detail, s.messageId, s.createdAt)).toList());
    }

    @DELETE
    @Path("/{address}")
    @Operation(summary = "Remove a recipient from the suppression list (admin)")
    public Uni<Response> remove(@PathParam("address") String address) {
        current.admin();
        return suppressions.remove(address).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("suppression of " + address);
            }
            return Response.noContent().build();
        });
    }
}
