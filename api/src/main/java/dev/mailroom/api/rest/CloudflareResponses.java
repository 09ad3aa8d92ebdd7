package dev.mailroom.api.rest;

import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

/**
 * Answers of the Cloudflare-compatible paths ({@code /client/v4/}) in Cloudflare's envelope, never problem+json:
 * the SDKs read {@code errors[].code}. The resource answers its own refusals through {@link #of}; this filter turns
 * every other problem on those paths (no key or a wrong one, rate limit, unreadable JSON, unknown path or method, an
 * unexpected failure) into the envelope with the same translation ({@link CloudflareProblems}), keeping the status
 * mapping and {@code Retry-After}.
 */
public class CloudflareResponses {

    /** The paths answered in Cloudflare's dialect. */
    static final String PREFIX = "/client/v4/";

    /**
     * Whether {@code path} is answered in Cloudflare's dialect: also for handlers outside JAX-RS that refuse a request
     * (a Vert.x route answers with {@code CloudflareProblems.of(problem)} there).
     */
    public static boolean answersFor(String path) {
        return path != null && path.startsWith(PREFIX);
    }

    /** A request Cloudflare's rules or Mailroom's checks refuse: {@code 400}, each field named by its pointer. */
    static Response invalid(List<Problem.FieldError> errors) {
        return of(ApiException.invalid(errors), CloudflareProblems::pointer, CloudflareError.INVALID_REQUEST_SCHEMA);
    }

    /** {@code refused} as {@code error}, its fields named by {@code pointerOf}, with its {@code Retry-After}. */
    static Response of(ApiException refused, UnaryOperator<String> pointerOf, CloudflareError error) {
        CloudflareProblems.Answer answer = CloudflareProblems.of(refused.problem(), pointerOf, error);
        Response.ResponseBuilder r = Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.body());
        if (refused.retryAfterSeconds() > 0) {
            r.header("Retry-After", String.valueOf(refused.retryAfterSeconds()));
        }
        return r.build();
    }

    @ServerResponseFilter
    public void translate(ContainerRequestContext request, ContainerResponseContext response) {
        if (!answersFor(request.getUriInfo().getPath()) || !(response.getEntity() instanceof Problem problem)) {
            return;
        }
        CloudflareProblems.Answer answer = CloudflareProblems.of(problem);
        response.setStatus(answer.status());
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        response.setEntity(answer.body(), response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
    }
}
