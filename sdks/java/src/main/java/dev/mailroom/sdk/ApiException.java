package dev.mailroom.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP error answer of the API, with the fields of its problem+json document (RFC 9457): {@link #status()},
 * {@link #type()} (a stable URI to branch on, e.g. {@code https://mailroom.dev/problems/rate-limited}),
 * {@link #title()}, {@link #detail()}, {@link #instance()}, {@link #errors()} and {@link #retryAfter()} when the
 * answer had a {@code Retry-After} header. Subclasses by status: {@link AuthenticationException} 401,
 * {@link PermissionDeniedException} 403, {@link NotFoundException} 404, {@link ConflictException} 409,
 * {@link ValidationException} 422, {@link RateLimitException} 429.
 */
public class ApiException extends MailroomException {
    private static final long serialVersionUID = 1L;

    /** One invalid field of a 422: its JSON path and what is wrong with it. */
    public record FieldError(String field, String detail) {
    }

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String instance;
    private final List<FieldError> errors;
    private final Duration retryAfter;
    private final transient JsonObject body;

    public ApiException(int status, JsonObject problem, Duration retryAfter) {
        super(message(status, problem));
        this.status = status;
        this.type = problem.string("type");
        this.title = problem.string("title");
        this.detail = problem.string("detail");
        this.instance = problem.string("instance");
        this.errors = problem.objects("errors").stream()
                .map(e -> new FieldError(e.string("field"), e.string("detail"))).toList();
        this.retryAfter = retryAfter;
        this.body = problem;
    }

    private static String message(int status, JsonObject p) {
        StringBuilder m = new StringBuilder("HTTP ").append(status);
        if (p.string("title") != null) {
            m.append(": ").append(p.string("title"));
        }
        if (p.string("detail") != null) {
            m.append(" (").append(p.string("detail")).append(')');
        }
        return m.toString();
    }

    /** The exception of the right subclass for {@code status}. */
    static ApiException of(int status, JsonObject problem, Duration retryAfter) {
        return switch (status) {
            case 401 -> new AuthenticationException(status, problem, retryAfter);
            case 403 -> new PermissionDeniedException(status, problem, retryAfter);
            case 404 -> new NotFoundException(status, problem, retryAfter);
            case 409 -> new ConflictException(status, problem, retryAfter);
            case 422 -> new ValidationException(status, problem, retryAfter);
            case 429 -> new RateLimitException(status, problem, retryAfter);
            default -> new ApiException(status, problem, retryAfter);
        };
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public String instance() {
        return instance;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The whole problem document (empty when the answer had no JSON body). */
    public JsonObject body() {
        return body == null ? JsonObject.empty() : body;
    }
}
