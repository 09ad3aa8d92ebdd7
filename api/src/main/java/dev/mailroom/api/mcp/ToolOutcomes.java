package dev.mailroom.api.mcp;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * How the tools turn an owner's answer into a result or a tool error: a 2xx answer is the JSON to map; any other
 * answer becomes a tool error carrying its problem document's status, type, detail and field errors (a 404 reads
 * "not found: ..."), never a stack trace; no answer is a tool error asking to retry.
 */
final class ToolOutcomes {

    private ToolOutcomes() {
    }

    /** The JSON of a 2xx answer, else the tool error it stands for. */
    static JsonNode json(OwnerCalls.Answer answer) {
        if (!answer.ok()) {
            throw new ToolCallException(message(answer.status(), answer.json()));
        }
        return answer.json();
    }

    /** A refused call's message: {@code not found: <detail>} or {@code <title> (<status> <type>): <detail>; field: ...}. */
    static String message(int status, JsonNode problem) {
        String detail = problem.path("detail").asText("");
        String type = problem.path("type").asText("");
        String slug = type.startsWith(Problem.TYPE_PREFIX) ? type.substring(Problem.TYPE_PREFIX.length()) : type;
        StringBuilder out = new StringBuilder();
        if (status == 404) {
            out.append("not found");
        } else {
            out.append(problem.path("title").asText("refused")).append(" (").append(status);
            if (!slug.isEmpty()) {
                out.append(' ').append(slug);
            }
            out.append(')');
        }
        if (!detail.isEmpty()) {
            out.append(": ").append(detail);
        }
        List<String> fields = new java.util.ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            fields.add(e.path("field").asText() + ": " + e.path("detail").asText());
        }
        if (!fields.isEmpty() && !detail.contains(fields.get(0))) {
            out.append(detail.isEmpty() ? ": " : "; ").append(String.join("; ", fields));
        }
        return out.toString();
    }

    /** The tool error of an {@link ApiException} raised in the api itself. */
    static ToolCallException of(Problem p) {
        return new ToolCallException(message(p.status(), dev.mailroom.contract.Json.mapper().valueToTree(p)));
    }

    /** Field errors as {@code field: detail; ...}. */
    static String fields(List<Problem.FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.detail()).collect(Collectors.joining("; "));
    }

    /** {@code uni} with owner silence and the api's own refusals as tool errors. */
    static <T> Uni<T> guarded(Uni<T> uni, String what) {
        return uni.onFailure(OwnerCalls.Unavailable.class).transform(e -> {
            Log.warnf("mcp owner unavailable tool=%s error=%s", what, e.getMessage());
            return new ToolCallException(e.getMessage() + "; retry later");
        }).onFailure(ApiException.class).transform(e -> of(((ApiException) e).problem()));
    }
}
