/**
 * Typed errors. An HTTP error answer becomes an {@link ApiError} (a subclass by status) carrying the problem+json
 * fields (RFC 9457) the api answers with; network failures and timeouts are {@link ConnectionError} /
 * {@link TimeoutError}; a webhook that does not verify is a {@link WebhookVerificationError}.
 */

/** The base of every error this SDK throws. */
export class MailroomError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An HTTP error answer: status and the problem+json fields (type, title, detail, instance, errors). */
export class ApiError extends MailroomError {
  /**
   * @param {number} status
   * @param {{type?: string, title?: string, detail?: string, instance?: string,
   *   errors?: {field: string, detail: string}[]} | null} problem
   * @param {{retryAfter?: number | null, headers?: Headers, method?: string, url?: string, body?: string}} [info]
   */
  constructor(status, problem, info = {}) {
    const p = problem ?? {};
    const what = p.detail || p.title || `HTTP ${status}`;
    super(`${info.method ?? ""} ${info.url ?? ""} answered ${status}: ${what}`.trim());
    this.status = status;
    this.type = p.type ?? "about:blank";
    this.title = p.title ?? null;
    this.detail = p.detail ?? null;
    this.instance = p.instance ?? null;
    this.errors = Array.isArray(p.errors) ? p.errors : [];
    this.retryAfter = info.retryAfter ?? null;
    this.headers = info.headers ?? null;
    /** The answer's body as text when it was not problem+json. */
    this.body = info.body ?? null;
  }
}

export class BadRequestError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class ValidationError extends ApiError {}
export class RateLimitError extends ApiError {}
export class InternalServerError extends ApiError {}

const BY_STATUS = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};

/** The typed error for an HTTP error answer. */
export function apiError(status, problem, info) {
  const Type = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
  return new Type(status, problem, info);
}

/** The request did not reach the api or its answer was cut (DNS, refused, reset...). */
export class ConnectionError extends MailroomError {}

/** The request took longer than its timeout. */
export class TimeoutError extends ConnectionError {}

/**
 * A webhook that does not verify. `reason`: `missing-headers`, `bad-timestamp`, `timestamp-out-of-tolerance`,
 * `bad-signature`, `bad-secret` or `malformed-body` (the signature held but the body is not the expected JSON).
 */
export class WebhookVerificationError extends MailroomError {
  constructor(reason, message) {
    super(message ?? reason);
    this.reason = reason;
  }
}
