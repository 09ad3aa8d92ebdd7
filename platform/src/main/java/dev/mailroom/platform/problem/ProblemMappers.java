package dev.mailroom.platform.problem;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

/**
 * Every error of a Mailroom REST API as {@code application/problem+json} (Quarkus REST picks these mappers up from
 * this library in every service that serves REST). A service maps its own exceptions the same way, with
 * {@link #response(Problem)}, or throws {@link ApiException}. The last resort ({@link #unexpected}) logs the
 * exception with an error id and answers with that id alone: never an exception name or a stack trace.
 */
public class ProblemMappers {

    /** The response of {@code problem}: its status, {@code application/problem+json}. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** As {@link #response(Problem)}, with {@code Retry-After} when the exception asks for it. */
    public static Response response(ApiException e) {
        Response.ResponseBuilder r = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE)
                .entity(e.problem());
        if (e.retryAfterSeconds() > 0) {
            r.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return response(new ApiException(e.problem().at(path(uri)), e.retryAfterSeconds()));
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response json(JsonProcessingException e, UriInfo uri) {
        return response(Problems.malformedJson(e).at(path(uri)));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return response(Problems.invalid(e.getConstraintViolations()).at(path(uri)));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return response(Problems.notFound().at(path(uri)));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return response(Problems.methodNotAllowed().at(path(uri)));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return response(Problems.unsupportedMediaType().at(path(uri)));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return response(Problems.notAcceptable().at(path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri); // a body reader that wrapped Jackson's exception
        }
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse(); // a redirect or a deliberate answer, not an error
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return response(Problems.status(status, e.getResponse().getStatusInfo().getReasonPhrase()).at(path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = Problems.newErrorId();
        Log.errorf(e, "unexpected error error_id=%s path=%s", id, path(uri));
        return response(Problems.internal(id).at(path(uri)));
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? null : uri.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
