package dev.mailroom.platform.auth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.ProblemMappers;
import io.smallrye.mutiny.Uni;

/**
 * Every {@code /v1} request (and every {@code /client/v4/} one, the api's Cloudflare-compatible paths) needs
 * {@code Authorization: Bearer <API key>} that the {@link ApiKeyVerifier} accepts:
 * {@code 401 unauthorized} otherwise, {@code 503 key-check-unavailable} when the key store cannot tell. The caller is
 * left in {@link CurrentCaller}; per-key rate limits are the api's, at its edge (ADR 0031). Health, metrics and the OpenAPI document under {@code /q} are open. Active in every service
 * that serves REST (Quarkus REST picks it up from this library).
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
        if (!protects(path)) {
            return Uni.createFrom().nullItem();
        }
        String token = BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return verifier.verify(token).map(caller -> {
            if (caller == null) {
                return ProblemMappers.response(ApiException.unauthorized().problem().at(path));
            }
            current.set(caller);
            return (Response) null;
        }).onFailure(KeyCheckUnavailable.class)
                .recoverWithItem(e -> ProblemMappers.response(unavailable().problem().at(path)));
    }

    /**
     * Whether {@code path} needs a key: the public REST API {@code /v1} and the Cloudflare-compatible paths under
     * {@code /client/v4} (the api answers those in Cloudflare's dialect, with the same keys as tokens).
     */
    static boolean protects(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/client/v4/");
    }

    /** {@code 503 key-check-unavailable}: the key store cannot be asked; the client retries later. */
    public static ApiException unavailable() {
        return ApiException.unavailable("key-check-unavailable", "API keys cannot be verified right now; retry later");
    }
}
