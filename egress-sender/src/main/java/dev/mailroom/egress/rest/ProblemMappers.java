package dev.mailroom.egress.rest;

import java.util.List;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.mailroom.egress.service.SendService;
import io.quarkus.logging.Log;

/** Every error of the REST API as {@code application/problem+json}; never a stack trace or an exception name. */
public class ProblemMappers {

    static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder r = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfterSeconds() > 0) {
            r.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response idempotency(SendService.IdempotencyConflict e) {
        return response(Problem.of(422, "idempotency-key-reused", "Idempotency-Key conflict", e.getMessage()));
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response json(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m.getPath()) : null;
        String detail = e.getOriginalMessage();
        if (detail != null && detail.length() > 200) {
            detail = detail.substring(0, 200);
        }
        if (field == null || field.isEmpty()) {
            return response(Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid JSON"));
        }
        return response(new Problem("https://mailroom.dev/problems/malformed-json", "Malformed JSON", 400,
                field + ": " + detail, List.of(new Problem.FieldError(field, detail))));
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
        Log.errorf(e, "unexpected error in the REST API");
        return response(Problem.of(500, "internal-error", "Internal error",
                "the request could not be processed; it is safe to retry with the same Idempotency-Key"));
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
