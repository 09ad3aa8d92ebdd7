package dev.mailroom.agenthost.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.mailroom.agenthost.service.ApiKeyVerifier;
import dev.mailroom.agenthost.service.DraftService;
import io.quarkus.logging.Log;

/** Every error of the agents API as {@code application/problem+json}; never a stack trace or an exception name. */
public class ProblemMappers {

    static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return response(e.problem());
    }

    @ServerExceptionMapper
    public Response noDraft(DraftService.NoSuchDraft e) {
        return response(Problem.of(404, "not-found", "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response decided(DraftService.AlreadyDecided e) {
        return response(Problem.of(409, "draft-decided", "Draft already decided", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notAllowedToDecide(DraftService.NotAllowed e) {
        return response(Problem.of(403, "forbidden", "Forbidden", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(ApiKeyVerifier.Unavailable e) {
        return response(Problem.of(503, "key-check-unavailable", "Service unavailable",
                "API keys cannot be verified right now; retry later"));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return response(Problem.of(400, "malformed-json", "Malformed JSON", "the body is not the expected JSON"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(Problem.of(404, "not-found", "Not found", "no such resource"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return response(Problem.of(405, "method-not-allowed", "Method not allowed", "see /q/openapi"));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return response(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "send Content-Type: application/json"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return response(Problem.of(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status >= 500 ? "the server could not answer" : "the request was not accepted"));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.errorf(e, "unexpected error in the agents API");
        return response(Problem.of(500, "internal-error", "Internal error", "the request could not be processed"));
    }
}
