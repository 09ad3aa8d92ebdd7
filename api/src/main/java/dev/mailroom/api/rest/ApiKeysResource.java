package dev.mailroom.api.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.api.service.ApiKeys;
import dev.mailroom.contract.ApiKeyRecord;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/api-keys}: create, list, show and revoke API keys (ADR 0031). A key with the {@code keys} permission
 * manages keys no wider than itself (its permissions, never {@code admin}; its domains); {@code admin} manages every
 * key. The token is in the creation answer only; only its SHA-256 is stored and published.
 */
@Path("/v1/api-keys")
@Tag(name = "api-keys", description = "API keys: scoped to domains and permissions, hashed at rest")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    /** The body of {@code POST /v1/api-keys}; unknown fields are refused. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "CreateApiKey")
    public record CreateKey(@Schema(example = "ci deploys") String name,
            @Schema(example = "[\"send\"]") List<String> permissions,
            @Schema(example = "[\"example.org\"]") List<String> domains,
            @Schema(example = "600") Integer ratePerMinute) {
    }

    /** A key as the API shows it; {@code token} only in the creation answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ApiKey", description = "An API key; token only in the creation answer")
    public record KeyView(@Schema(example = "k3f9a0c1d2e4b5a6c7d") String id,
            @Schema(example = "ci deploys") String name,
            @Schema(example = "[\"send\"]") List<String> permissions,
            @Schema(example = "[\"example.org\"]") List<String> domains,
            @Schema(example = "600") Integer ratePerMinute,
            @Schema(example = "2026-12-07T06:13:04Z") Instant createdAt,
            @Schema(description = "the key itself, in the creation answer only",
                    example = "mr_k3f9a0c1d2e4b5a6c7d_q2Xo9cVb0mTn4Lp7Rz1sYk8uWd3fGh6jEa5iBt2NcMw")
            String token) {

        static KeyView of(ApiKeyRecord key, String token) {
            return new KeyView(key.id(), key.name(), key.permissions(), key.domains(), key.ratePerMinute(),
                    key.createdAt(), token);
        }
    }

    private final ApiKeys keys;
    private final CurrentCaller current;

    public ApiKeysResource(ApiKeys keys, CurrentCaller current) {
        this.keys = keys;
        this.current = current;
    }

    @POST
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "Needs the keys permission; the new key's permissions"
            + " and domains must be within the caller's own (admin: any). 'token' in the answer is the only copy of"
            + " the key: store it now. Keys without admin need at least one domain; '*' (every domain) only within"
            + " a caller that has it. 201 once every Mailroom service can verify the key.")
    @APIResponse(responseCode = "201", description = "Created; token is the only copy of the key", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyView.class)))
    public Uni<Response> create(CreateKey body) {
        Caller caller = current.get();
        if (body == null) {
            throw ApiException.invalid(List.of(new Problem.FieldError("name", "is required (1 to 100 characters)")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            errors.add(new Problem.FieldError("name", "is required (1 to 100 characters)"));
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (body.permissions() == null || body.permissions().isEmpty()) {
            errors.add(new Problem.FieldError("permissions", "at least one of send, read, drafts, domains, keys,"
                    + " admin"));
        } else {
            for (int i = 0; i < body.permissions().size(); i++) {
                Optional<Permission> p = Permission.ofWireName(body.permissions().get(i));
                if (p.isEmpty()) {
                    errors.add(new Problem.FieldError("permissions[" + i + "]",
                            "is not one of send, read, drafts, domains, keys, admin"));
                } else {
                    permissions.add(p.get());
                }
            }
        }
        boolean admin = permissions.contains(Permission.ADMIN);
        List<String> domains = body.domains() == null ? List.of()
                : body.domains().stream().map(d -> d == null ? "" : d.trim().toLowerCase(Locale.ROOT)).distinct()
                        .toList();
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            if (!d.equals(Caller.ALL_DOMAINS) && !DOMAIN.matcher(d).matches()) {
                errors.add(new Problem.FieldError("domains[" + i + "]", "is not a domain name"));
            }
        }
        if (domains.isEmpty() && !admin) {
            errors.add(new Problem.FieldError("domains", "at least one domain is required"));
        }
        if (body.ratePerMinute() != null && (body.ratePerMinute() < 1 || body.ratePerMinute() > 100_000)) {
            errors.add(new Problem.FieldError("rate_per_minute", "must be 1 to 100000"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<String> scope = admin ? List.of(Caller.ALL_DOMAINS) : domains;
        return keys.create(caller, body.name().trim(), permissions, scope, body.ratePerMinute())
                .map(created -> Response.status(201).entity(KeyView.of(created.key(), created.token())).build());
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Active keys within the caller's scope, oldest first, never"
            + " a token. Cursor pagination: pass next_page_token as page_token for the next page.")
    public Uni<Page<KeyView>> list(
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") Integer limit,
            @Parameter(description = "next_page_token of the previous page") @QueryParam("page_token") String pageToken) {
        int size = PageToken.limit(limit);
        return keys.list(current.get(), size, pageToken).map(page -> new Page<>(
                page.items().stream().map(k -> KeyView.of(k, null)).toList(), page.nextPageToken()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getApiKey", summary = "Show an API key", description = "404 for an unknown or revoked key and for a key outside"
            + " the caller's scope.")
    public Uni<KeyView> get(@PathParam("id") String id) {
        return keys.get(current.get(), id).map(k -> KeyView.of(k, null));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "204 once the revocation is published: every Mailroom"
            + " service refuses the key within seconds. 404 for an unknown key or one outside the caller's scope.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return keys.revoke(current.get(), id).map(v -> Response.noContent().build());
    }
}
