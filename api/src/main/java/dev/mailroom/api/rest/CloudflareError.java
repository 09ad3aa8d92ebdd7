package dev.mailroom.api.rest;

/**
 * Cloudflare Email Sending's REST error codes (email-service/api/send-emails/rest-api): the HTTP status, the numeric
 * code SDKs branch on, and the fixed machine-readable message. Only those Mailroom has a cause for are listed.
 */
public enum CloudflareError {

    /** No such resource. */
    NOT_FOUND(404, 10000, "email.sending.error.not_found"),
    /** The body is not a valid request: malformed JSON, an unknown or missing field, an invalid value. */
    INVALID_REQUEST_SCHEMA(400, 10001, "email.sending.error.invalid_request_schema"),
    /** Something failed on our side. */
    INTERNAL_SERVER(500, 10002, "email.sending.error.internal_server"),
    /** The key's rate limit is reached; {@code Retry-After} says when to come back. */
    THROTTLED(429, 10004, "email.sending.error.throttled"),
    /** API keys cannot be verified right now. */
    AUTHENTICATION_UPSTREAM(503, 10100, "email.sending.error.authentication.upstream"),
    /** No token, or not a valid Mailroom API key. */
    UNAUTHORIZED(401, 10101, "email.sending.error.authentication.unauthorized"),
    /** A valid key that may not send this (its domains, its permissions). */
    FORBIDDEN(403, 10102, "email.sending.error.authentication.forbidden"),
    /** The message is larger than Mailroom accepts. */
    TOO_BIG(400, 10200, "email.sending.error.email.too_big"),
    /** The MIME message of {@code send_raw} cannot be sent as it is. */
    EMAIL_INVALID(400, 10202, "email.sending.error.email.invalid"),
    /** The sender's domain may not send: not served by Mailroom, or its DKIM records are not verified yet. */
    SENDING_DISABLED(403, 10203, "email.sending.error.email.sending_disabled");

    private final int status;
    private final int code;
    private final String message;

    CloudflareError(int status, int code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    /** The HTTP status Cloudflare answers this error with. */
    public int status() {
        return status;
    }

    /** The numeric code of {@code errors[].code}. */
    public int code() {
        return code;
    }

    /** The fixed text of {@code errors[].message}. */
    public String message() {
        return message;
    }
}
