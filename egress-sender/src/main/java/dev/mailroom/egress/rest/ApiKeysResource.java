package dev.mailroom.egress.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mailroom.egress.model.ApiKey;
import dev.mailroom.egress.service.ApiKeys;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/** {@code /v1/api-keys}: admin keys create, list and revoke API keys. The token is shown once, at creation. */
@Path("/v1/api-keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record CreateKey(String name, List<String> domains, Boolean admin,
            @JsonProperty("rate_per_minute") Integer ratePerMinute) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String id, String name, List<String> domains, boolean admin,
            @JsonProperty("rate_per_minute") Integer ratePerMinute, @JsonProperty("created_at") Instant createdAt,
            String key) {
    }

    private final ApiKeys keys;
    private final CurrentCaller current;

    public ApiKeysResource(ApiKeys keys, CurrentCaller current) {
        this.keys = keys;
        this.current = current;
    }

    @POST
    @Operation(summary = "Create an API key (admin)", description = "The response's 'key' is the only copy of the"
            + " token. Non-admin keys need at least one domain; '*' (every domain) is for admin keys only.")
    public Uni<Response> create(CreateKey body) {
        current.admin();
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean admin = body != null && Boolean.TRUE.equals(body.admin());
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            errors.add(new Problem.FieldError("name", "is required (1 to 100 characters)"));
        }
        List<String> domains = body == null || body.domains() == null ? List.of()
                : body.domains().stream().map(d -> d == null ? "" : d.trim().toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            if (d.equals(ApiKey.ALL_DOMAINS) ? !admin : !DOMAIN.matcher(d).matches()) {
                errors.add(new Problem.FieldError("domains[" + i + "]",
                        d.equals(ApiKey.ALL_DOMAINS) ? "'*' is for admin keys" : "is not a domain name"));
            }
        }
        if (domains.isEmpty() && !admin) {
            errors.add(new Problem.FieldError("domains", "at least one domain is required"));
        }
        if (body != null && body.ratePerMinute() != null && (body.ratePerMinute() < 1 || body.ratePerMinute() > 100_000)) {
            errors.add(new Problem.FieldError("rate_per_minute", "must be 1 to 100000"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<String> scope = admin && domains.isEmpty() ? List.of(ApiKey.ALL_DOMAINS) : domains;
        return keys.create(body.name().trim(), scope, admin, body.ratePerMinute())
                .map(created -> Response.status(201).entity(view(created.key(), created.token())).build());
    }

    @GET
    @Operation(summary = "List active API keys (admin)")
    public Uni<List<KeyView>> list() {
        current.admin();
        return keys.list().map(list -> list.stream().map(k -> view(k, null)).toList());
    }

    @GET
    @Path("/self")
    @Operation(summary = "The calling key", description = "Any valid key: its id, domains, admin flag and rate."
            + " Other Mailroom services (submission on ingress-smtp, the agents API) verify keys through it.")
    public Uni<KeyView> self() {
        var c = current.get();
        return Uni.createFrom().item(new KeyView(c.keyId(), null, c.domains(), c.admin(), c.ratePerMinute(), null,
                null));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key (admin)", description = "Immediate; 204, or 404 for an unknown id.")
    public Uni<Response> revoke(@PathParam("id") String id) {
        current.admin();
        return keys.revoke(id).map(found -> {
            if (!found) {
                throw ApiException.notFound("API key " + id);
            }
            return Response.noContent().build();
        });
    }

    private static KeyView view(ApiKey k, String token) {
        return new KeyView(k.id, k.name, k.domainList(), k.admin, k.ratePerMinute, k.createdAt, token);
    }
}
