/**
 * The transport every resource uses: one `fetch` per attempt, Bearer key, User-Agent, JSON bodies, per-request
 * timeouts (AbortSignal.timeout, combined with the caller's signal), typed errors and retries where safe.
 */
import { ConnectionError, TimeoutError, apiError } from "./errors.js";
import { RecentSends } from "./sends.js";
import { isRetryable, isSafeToRetry, parseRetryAfter, retryDelay } from "./retry.js";
import { VERSION } from "./version.js";

const DEFAULT_BASE_URL = "http://127.0.0.1:8080";

/** An environment variable where the runtime has them (Node, Bun, Deno with --allow-env); else undefined. */
export function env(name) {
  try {
    if (typeof process !== "undefined" && process?.env) return process.env[name] || undefined;
    if (typeof Deno !== "undefined") return Deno.env.get(name) || undefined;
  } catch {
    // no permission to read the environment
  }
  return undefined;
}

/** Sleeps `seconds`, or rejects with the signal's reason when it aborts first. */
export function sleep(seconds, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A signal that aborts at the timeout or with the caller's signal, whichever is first; `done()` detaches both. */
function deadline(seconds, outer) {
  const controller = new AbortController();
  const timeout = AbortSignal.timeout(Math.max(1, Math.round(seconds * 1000)));
  const onTimeout = () => controller.abort(timeout.reason);
  const onOuter = () => controller.abort(outer.reason);
  timeout.addEventListener("abort", onTimeout, { once: true });
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener("abort", onOuter, { once: true });
  }
  return {
    signal: controller.signal,
    timedOut: () => timeout.aborted && !outer?.aborted,
    /** Ends the timeout only: the caller's signal still aborts (a stream's body). */
    stopTimer() {
      timeout.removeEventListener("abort", onTimeout);
    },
    done() {
      timeout.removeEventListener("abort", onTimeout);
      outer?.removeEventListener("abort", onOuter);
    },
  };
}

/** `?a=1&b=x` of the defined values (arrays comma-joined), or "". */
export function queryString(query) {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    params.append(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** A path segment, percent-encoded (ids, names and addresses may hold `/`, `+` or `@`). */
export function seg(value) {
  if (value === undefined || value === null || value === "") throw new TypeError("a path parameter is missing");
  return encodeURIComponent(String(value));
}

const ACCEPT = {
  json: "application/json",
  text: "text/plain, text/html, */*",
  bytes: "*/*",
  stream: "text/event-stream",
};

export class Http {
  /**
   * @param {import("../index.js").ClientOptions} [options]
   */
  constructor(options = {}) {
    this.apiKey = options.apiKey ?? env("MAILROOM_API_KEY");
    this.baseUrl = String(options.baseUrl ?? env("MAILROOM_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.timeoutSeconds = options.timeoutSeconds ?? 30;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryDelay = options.maxRetryDelay ?? 60;
    this.onRetry = options.onRetry;
    this.defaultHeaders = options.headers ?? {};
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("no fetch: pass options.fetch or use a runtime that has one");
    this.fetch = (...args) => f(...args);
    /** The ids of this client's recent sends, whose 404 on a read is retried briefly (null: `readYourSends: false`). */
    this.sends = options.readYourSends === false ? null : new RecentSends();
  }

  sleep(seconds, signal) {
    return sleep(seconds, signal);
  }

  headers(extra, accept) {
    const h = new Headers(this.defaultHeaders);
    h.set("Accept", ACCEPT[accept] ?? accept);
    if (this.apiKey) h.set("Authorization", `Bearer ${this.apiKey}`);
    // Browsers own User-Agent (and would make it a CORS-preflighted header): only set it elsewhere.
    if (typeof document === "undefined") h.set("User-Agent", `mailroom-sdk-typescript/${VERSION}`);
    for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined && v !== null) h.set(k, String(v));
    return h;
  }

  /**
   * One API call, retried where safe.
   * @param {object} r
   * @param {string} r.method
   * @param {string} r.path starting with `/v1/`
   * @param {Record<string, unknown>} [r.query]
   * @param {unknown} [r.json] a JSON body
   * @param {Record<string, string>} [r.headers]
   * @param {"json" | "text" | "bytes" | "stream"} [r.accept] what to answer: the decoded JSON (undefined for no
   *   content), text, a Uint8Array, or the Response itself with its body unread (`stream`: the timeout covers
   *   only the wait for headers; the caller's signal still cancels the body)
   * @param {{signal?: AbortSignal, timeoutSeconds?: number, maxRetries?: number, headers?: Record<string,string>}} [r.options]
   * @param {number} [r.extraSeconds] added to the timeout (a long poll's wait)
   */
  async request({ method, path, query, json, headers, accept = "json", options = {}, extraSeconds = 0 }) {
    const url = this.baseUrl + path + queryString(query);
    const h = this.headers({ ...headers, ...options.headers }, accept);
    let body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      h.set("Content-Type", "application/json");
    }
    const idempotent = h.has("Idempotency-Key");
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = (options.timeoutSeconds ?? this.timeoutSeconds) + extraSeconds;
    for (let attempt = 0; ; attempt++) {
      const d = deadline(timeout, options.signal);
      let response;
      let streaming = false;
      try {
        response = await this.fetch(url, { method, headers: h, body, signal: d.signal });
        if (response.ok) {
          if (accept === "stream") {
            d.stopTimer(); // the body may flow for hours; the caller's signal still reaches it through d.signal
            streaming = true;
            return response;
          }
          return await read(response, accept);
        }
        const failure = await errorOf(response, method, url);
        if (attempt < maxRetries && isRetryable(response.status) && isSafeToRetry(method, idempotent, response.status)) {
          await this.pause(attempt, failure.retryAfter, { method, url, status: response.status, error: failure }, options.signal);
          continue;
        }
        throw failure;
      } catch (e) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (e instanceof Error && e.name !== "AbortError" && e.name !== "TimeoutError" && !(e instanceof TypeError)) {
          throw e; // ApiError and our own errors pass as they are
        }
        const error = d.timedOut()
          ? new TimeoutError(`${method} ${url} took longer than ${timeout} s`, { cause: e })
          : new ConnectionError(`${method} ${url} failed: ${e?.message ?? e}`, { cause: e });
        if (attempt < maxRetries && isSafeToRetry(method, idempotent, null)) {
          await this.pause(attempt, null, { method, url, status: null, error }, options.signal);
          continue;
        }
        throw error;
      } finally {
        if (!streaming) d.done();
      }
    }
  }

  async pause(attempt, retryAfter, info, signal) {
    const delay = retryDelay(attempt, retryAfter, { maxRetryDelay: this.maxRetryDelay });
    if (this.onRetry) await this.onRetry({ attempt: attempt + 1, delaySeconds: delay, ...info });
    await sleep(delay, signal);
  }
}

async function read(response, accept) {
  if (accept === "bytes") return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (accept === "text") return text;
  if (response.status === 204 || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConnectionError(`the answer is not JSON: ${text.slice(0, 200)}`, { cause: e });
  }
}

async function errorOf(response, method, url) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // a cut body: the status says enough
  }
  let problem = null;
  try {
    const parsed = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) problem = parsed;
  } catch {
    // not JSON: keep the text
  }
  return apiError(response.status, problem, {
    retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
    headers: response.headers,
    method,
    url,
    body: problem ? null : text,
  });
}
