package dev.mailroom.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.mailroom.contract.Json;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void apiExceptionKeepsItsStatusAndRetryAfter() {
        Response r = mappers.api(new ApiException(Problem.of(429, "rate-limited", "Too many requests", "slow down"), 7),
                null);
        assertEquals(429, r.getStatus());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
        assertEquals("7", r.getHeaderString("Retry-After"));
        assertEquals("rate-limited", ((Problem) r.getEntity()).slug());
        assertNull(mappers.api(ApiException.notFound("x"), null).getHeaderString("Retry-After"));
    }

    @Test
    void frameworkErrorsBecomeProblems() {
        assertEquals(405, mappers.notAllowed(new NotAllowedException("GET"), null).getStatus());
        Response gone = mappers.web(new WebApplicationException(410), null);
        assertEquals(410, gone.getStatus());
        assertEquals("http-410", ((Problem) gone.getEntity()).slug());
    }

    @Test
    void unexpectedErrorsNeverShowTheException() {
        Response r = mappers.unexpected(new IllegalStateException("secret table egress.api_key is locked"), null);
        assertEquals(500, r.getStatus());
        String body = json(r.getEntity());
        assertFalse(body.contains("IllegalState"), body);
        assertFalse(body.contains("secret"), body);
        Response server = mappers.web(new WebApplicationException("db down", 502), null);
        assertEquals(500, server.getStatus());
        assertFalse(json(server.getEntity()).contains("db down"));
    }

    private static String json(Object value) {
        return new String(Json.encode(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}
