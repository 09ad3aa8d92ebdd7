package dev.mailroom.egress.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.egress.service.SendService;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.platform.problem.ProblemMappers;

/** The send service's own failures as problems; every other error is answered by platform's {@link ProblemMappers}. */
public class SendProblems {

    @ServerExceptionMapper
    public Response idempotency(SendService.IdempotencyConflict e) {
        return ProblemMappers.response(
                Problem.of(422, "idempotency-key-reused", "Idempotency-Key conflict", e.getMessage()));
    }
}
