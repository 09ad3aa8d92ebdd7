package dev.mailroom.egress.rest;

import java.time.Instant;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.egress.service.Suppressions;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.page.Keyset;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;

/** {@code /v1/suppressions}: recipients Mailroom no longer sends to (admin). */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionsResource {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuppressionView(String address, String reason, String detail, String messageId,
            Instant createdAt) {
    }

    private final Suppressions suppressions;
    private final CurrentCaller current;

    public SuppressionsResource(Suppressions suppressions, CurrentCaller current) {
        this.suppressions = suppressions;
        this.current = current;
    }

    @GET
    @Operation(summary = "List suppressed recipients, newest first (admin)", description = "Newest first (address"
            + " breaks ties); a page of limit (default 50, at most 200), the next one with page_token.")
    public Uni<Page<SuppressionView>> list(@QueryParam("limit") String limit,
            @QueryParam("page_token") String pageToken) {
        current.admin();
        int size = PageToken.limitOf(limit);
        Keyset before = Keyset.after(pageToken); // newest first: the next page is older
        return suppressions.page(before, size + 1).map(list -> Page.of(list.stream()
                .map(s -> new SuppressionView(s.address, s.reason, s.detail, s.messageId, s.createdAt)).toList(),
                size, v -> Keyset.cursor(v.createdAt(), v.address())));
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
