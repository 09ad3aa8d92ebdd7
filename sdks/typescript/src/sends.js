/**
 * "Read your own sends": a send is answered (202) once it is durably queued, but `GET /v1/messages/{id}` is served
 * by the mailbox service, which files the send a few tens of milliseconds later. The client remembers the ids its
 * own accepted sends were given (60 s, the newest 1,000) and, for those ids only, retries a 404 of a read with a
 * short backoff (100 ms doubling, cap 1 s) for up to 5 s. Any other id answers its 404 at once.
 */
import { NotFoundError } from "./errors.js";

export const REMEMBER_SECONDS = 60;
export const REMEMBER_MAX = 1000;
export const READ_RETRY_SECONDS = 5;

/** The ids of this client's recent accepted sends (insertion order: the oldest first). */
export class RecentSends {
  constructor({ ttlSeconds = REMEMBER_SECONDS, max = REMEMBER_MAX, now = () => Date.now() } = {}) {
    this.ttlMs = ttlSeconds * 1000;
    this.max = max;
    this.now = now;
    this.ids = new Map();
  }

  /** Remembers an id or a list of ids (undefined/null skipped). */
  remember(ids) {
    const at = this.now();
    for (const id of Array.isArray(ids) ? ids : [ids]) {
      if (typeof id !== "string" || id === "") continue;
      this.ids.delete(id);
      this.ids.set(id, at);
    }
    this.prune(at);
  }

  /** Whether `id` came from one of this client's sends in the last 60 s. */
  has(id) {
    const at = this.now();
    this.prune(at);
    return this.ids.has(String(id));
  }

  prune(at) {
    for (const [id, t] of this.ids) {
      if (this.ids.size <= this.max && at - t <= this.ttlMs) break;
      this.ids.delete(id);
    }
  }
}

/**
 * Runs `call` (a read of message `id`); when `id` is a recent send of this client, retries its 404 with backoff
 * for up to 5 s (and no longer than the request's timeout; the caller's signal aborts the wait), then throws that
 * 404.
 */
export async function readYourSend(http, id, call, options) {
  if (!http.sends?.has(id)) return call();
  const budgetMs = Math.min(READ_RETRY_SECONDS, options?.timeoutSeconds ?? http.timeoutSeconds) * 1000;
  const start = Date.now();
  let delay = 100;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      const left = budgetMs - (Date.now() - start);
      if (left <= 0) throw e;
      await http.sleep(Math.min(delay, left) / 1000, options?.signal);
      delay = Math.min(delay * 2, 1000);
    }
  }
}
