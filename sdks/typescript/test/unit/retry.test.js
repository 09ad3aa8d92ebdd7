// Retry decisions and Retry-After parsing (pure logic).
import assert from "node:assert/strict";
import { test } from "node:test";
import { isRetryable, isSafeToRetry, parseRetryAfter, retryDelay } from "../../src/retry.js";

test("Retry-After: seconds, an HTTP date, or nothing", () => {
  const now = Date.parse("2026-12-07T20:00:00Z");
  assert.equal(parseRetryAfter("7", now), 7);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("Mon, 07 Dec 2026 20:00:30 GMT", now), 30);
  assert.equal(parseRetryAfter("Mon, 07 Dec 2026 19:00:00 GMT", now), 0, "a past date means now");
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter("", now), null);
  assert.equal(parseRetryAfter("soon", now), null);
  assert.equal(parseRetryAfter("-3", now), null);
});

test("backoff: 0.5 s × 2^n with jitter, capped at 8 s; Retry-After wins, capped by maxRetryDelay", () => {
  const top = () => 1;
  const bottom = () => 0;
  assert.equal(retryDelay(0, null, { random: top }), 0.5);
  assert.equal(retryDelay(1, null, { random: top }), 1);
  assert.equal(retryDelay(3, null, { random: top }), 4);
  assert.equal(retryDelay(4, null, { random: top }), 8);
  assert.equal(retryDelay(9, null, { random: top }), 8);
  assert.equal(retryDelay(0, null, { random: bottom }), 0.25, "jitter keeps at least half");
  assert.equal(retryDelay(0, 12), 12);
  assert.equal(retryDelay(0, 0), 0);
  assert.equal(retryDelay(0, 3600), 60);
  assert.equal(retryDelay(0, 3600, { maxRetryDelay: 5 }), 5);
  assert.equal(retryDelay(9, null, { random: top, maxRetryDelay: 2 }), 2);
});

test("which answers are retried, and only where safe", () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.ok(isRetryable(s), `${s}`);
  for (const s of [400, 401, 403, 404, 409, 422, 501]) assert.ok(!isRetryable(s), `${s}`);
  assert.ok(isRetryable(null), "network error");
  for (const m of ["GET", "HEAD", "PUT", "DELETE", "get"]) assert.ok(isSafeToRetry(m, false, 503), m);
  assert.ok(!isSafeToRetry("POST", false, 503));
  assert.ok(!isSafeToRetry("PATCH", false, null));
  assert.ok(isSafeToRetry("POST", true, 503), "with an Idempotency-Key");
  assert.ok(isSafeToRetry("POST", false, 429), "a 429 had no effect");
});
