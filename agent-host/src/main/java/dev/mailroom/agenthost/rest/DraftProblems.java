package dev.mailroom.agenthost.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.agenthost.service.DraftService;
import dev.mailroom.platform.problem.Problem;
import dev.mailroom.platform.problem.ProblemMappers;

/**
 * The draft decisions' own failures as problems; every other error of the agents API is answered by platform's
 * {@link ProblemMappers}.
 */
public class DraftProblems {

    @ServerExceptionMapper
    public Response noDraft(DraftService.NoSuchDraft e) {
        return ProblemMappers.response(Problem.of(404, "not-found", "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response decided(DraftService.AlreadyDecided e) {
        return ProblemMappers.response(Problem.of(409, "draft-decided", "Draft already decided", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notAllowedToDecide(DraftService.NotAllowed e) {
        return ProblemMappers.response(Problem.of(404, "not-found", "Not found", e.getMessage()));
    }
}
