package dev.mailroom.agenthost.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mailroom.agenthost.service.ApiKeyVerifier;
import io.smallrye.mutiny.Uni;

/**
 * Every {@code /v1} request needs {@code Authorization: Bearer <API key>}, a key egress-sender accepts ({@code 401}
 * otherwise; {@code 503} when egress cannot be asked). Health and the OpenAPI document under {@code /q} are open.
 */
public class AuthenticationFilter {

    private final ApiKeyVerifier verifier;
    private final CurrentCaller current;

    public AuthenticationFilter(ApiKeyVerifier verifier, CurrentCaller current) {
        this.verifier = verifier;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        return verifier.verify(token).map(caller -> {
            if (caller == null) {
                return ProblemMappers.response(Problem.of(401, "unauthorized", "Unauthorized",
                        "send Authorization: Bearer <API key>"));
            }
            current.set(caller);
            return (Response) null;
        }).onFailure(ApiKeyVerifier.Unavailable.class)
                .recoverWithItem(e -> new ProblemMappers().unavailable((ApiKeyVerifier.Unavailable) e));
    }
}
