/**
 * Retry decisions, as pure functions (unit-tested without a server): which answers are retried, whether a request
 * may be repeated, how long to wait (exponential backoff with jitter, or the answer's Retry-After).
 */

/** Statuses worth another try: timeouts, rate limits and the server's passing failures. */
export const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/**
 * Whether repeating the request cannot do anything twice: an idempotent method, a request carrying an
 * Idempotency-Key, or a 429 (the api refused it at the edge, before any effect).
 * @param {string} method
 * @param {boolean} hasIdempotencyKey
 * @param {number | null} status the answer's status, null for a network error or timeout
 */
export function isSafeToRetry(method, hasIdempotencyKey, status) {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || hasIdempotencyKey || status === 429;
}

/** Whether an answer (status) or a network failure (null) is worth retrying at all. */
export function isRetryable(status) {
  return status === null || RETRY_STATUSES.has(status);
}

/**
 * Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable.
 * @param {string | null | undefined} value
 * @param {number} [now] epoch milliseconds
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null) return null;
  const v = String(value).trim();
  if (v === "") return null;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/[A-Za-z]/.test(v)) return null; // neither delta-seconds nor a date
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, (at - now) / 1000);
}

/**
 * Seconds to wait before retry number `attempt` (0 for the first retry): Retry-After when given, else
 * 0.5 s × 2^attempt with jitter (between half and all of it), capped at 8 s; never more than `maxRetryDelay`.
 * @param {number} attempt
 * @param {number | null} retryAfter seconds
 * @param {{maxRetryDelay?: number, random?: () => number}} [options]
 */
export function retryDelay(attempt, retryAfter, { maxRetryDelay = 60, random = Math.random } = {}) {
  if (retryAfter != null && retryAfter >= 0) return Math.min(retryAfter, maxRetryDelay);
  const base = Math.min(0.5 * 2 ** attempt, 8);
  return Math.min(base * (0.5 + 0.5 * random()), maxRetryDelay);
}
