/**
 * Webhooks, both kinds, verified over the exact body bytes with Web Crypto (HMAC-SHA256; `subtle.verify` compares
 * in constant time):
 * - event webhooks, Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> ...`
 *   over `id.timestamp.body`, secret `whsec_<base64 key>` (mailbox's `webhook/Signatures`);
 * - agent webhooks: `X-Mailroom-Timestamp`, `X-Mailroom-Signature: sha256=<hex>` over `timestamp.body`, the secret's
 *   UTF-8 bytes as key (agent-host's `webhook/WebhookClient`).
 * And the agent handler: verify, decode, call the user's function, answer `{status, headers, body}`.
 */
import { WebhookVerificationError } from "./errors.js";
import { base64Decode, base64Encode, crypto, hexDecode, hexEncode, toBytes } from "./encoding.js";

const encoder = new TextEncoder();
const DEFAULT_TOLERANCE = 300;

/** A header of a Headers object, a Node `IncomingHttpHeaders` or a plain map, any case; undefined when absent. */
export function header(headers, name) {
  if (!headers) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v.join(", ") : v == null ? undefined : String(v);
  }
  return undefined;
}

async function hmacKey(keyBytes) {
  const c = await crypto();
  return c.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function standardKey(secret) {
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  try {
    return base64Decode(b64);
  } catch {
    throw new WebhookVerificationError("bad-secret", "the secret is not whsec_<base64>");
  }
}

function checkTimestamp(value, tolerance, now) {
  if (!value || !/^\d+$/.test(value.trim())) {
    throw new WebhookVerificationError("bad-timestamp", `the timestamp ${JSON.stringify(value ?? null)} is not epoch seconds`);
  }
  const ts = Number(value.trim());
  const nowSeconds = Math.floor((now instanceof Date ? now.getTime() : now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - ts) > tolerance) {
    throw new WebhookVerificationError("timestamp-out-of-tolerance",
      `the timestamp ${ts} is more than ${tolerance} s away from now (${nowSeconds})`);
  }
  return value.trim();
}

/** `v1,<base64>` of an event webhook (Standard Webhooks), for tests and for senders. */
export async function signStandardWebhook(secret, id, timestamp, body) {
  const c = await crypto();
  const content = concat(encoder.encode(`${id}.${timestamp}.`), toBytes(body));
  const sig = await c.subtle.sign("HMAC", await hmacKey(standardKey(secret)), content);
  return `v1,${base64Encode(new Uint8Array(sig))}`;
}

/** `sha256=<hex>` of an agent webhook, as agent-host signs it. */
export async function signAgentWebhook(secret, timestamp, body) {
  const c = await crypto();
  const content = concat(encoder.encode(`${timestamp}.`), toBytes(body));
  const sig = await c.subtle.sign("HMAC", await hmacKey(encoder.encode(secret)), content);
  return `sha256=${hexEncode(new Uint8Array(sig))}`;
}

function decode(bytes) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return JSON.parse(text);
  } catch (e) {
    throw new WebhookVerificationError("malformed-body", `the body is not JSON: ${e.message}`);
  }
}

/**
 * Verifies an event webhook or an agent webhook (by its headers) and answers the decoded JSON.
 * @param {string | Uint8Array | ArrayBuffer} body the exact bytes received
 * @param {Headers | Record<string, string | string[] | undefined>} headers
 * @param {string} secret the webhook's `whsec_...` secret, or the agent class's secret
 * @param {{tolerance?: number, now?: number | Date}} [options] tolerance in seconds (default 300)
 */
export async function verifyWebhook(body, headers, secret, options = {}) {
  if (typeof secret !== "string" || secret === "") throw new WebhookVerificationError("bad-secret", "no secret");
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const bytes = toBytes(body);
  const c = await crypto();
  const standard = header(headers, "webhook-signature");
  if (standard !== undefined) {
    const id = header(headers, "webhook-id");
    if (!id) throw new WebhookVerificationError("missing-headers", "webhook-id is missing");
    const ts = checkTimestamp(header(headers, "webhook-timestamp"), tolerance, options.now);
    const key = await hmacKey(standardKey(secret));
    const content = concat(encoder.encode(`${id}.${ts}.`), bytes);
    for (const entry of standard.split(" ")) {
      const [version, sig] = entry.split(",", 2);
      if (version !== "v1" || !sig) continue;
      let sigBytes;
      try {
        sigBytes = base64Decode(sig);
      } catch {
        continue;
      }
      if (await c.subtle.verify("HMAC", key, sigBytes, content)) return decode(bytes);
    }
    throw new WebhookVerificationError("bad-signature", "no webhook-signature entry matches the body and secret");
  }
  const agent = header(headers, "x-mailroom-signature");
  if (agent !== undefined) {
    const ts = checkTimestamp(header(headers, "x-mailroom-timestamp"), tolerance, options.now);
    const hex = agent.trim().startsWith("sha256=") ? agent.trim().slice("sha256=".length) : null;
    const sigBytes = hex === null ? null : hexDecode(hex);
    if (sigBytes === null) throw new WebhookVerificationError("bad-signature", "X-Mailroom-Signature is not sha256=<hex>");
    const key = await hmacKey(encoder.encode(secret));
    if (await c.subtle.verify("HMAC", key, sigBytes, concat(encoder.encode(`${ts}.`), bytes))) return decode(bytes);
    throw new WebhookVerificationError("bad-signature", "X-Mailroom-Signature does not match the body and secret");
  }
  throw new WebhookVerificationError("missing-headers",
    "neither webhook-signature (event webhook) nor X-Mailroom-Signature (agent webhook) is present");
}

const PROBLEM = { "Content-Type": "application/problem+json" };

function problem(status, slug, title, detail) {
  return {
    status,
    headers: { ...PROBLEM },
    body: JSON.stringify({ type: `https://mailroom.dev/problems/${slug}`, title, status, detail }),
  };
}

/**
 * The agent webhook handler, framework-neutral: verifies the request, decodes the event
 * (`{v, event: "email" | "schedule", id, agent: {class_name, instance}, email | payload, thread_id, state, history}`),
 * calls `fn(event)` and answers `{status, headers, body}` with the answer JSON
 * (`{state?, replies?, sends?, drafts?, schedules?}`; `fn` returning nothing answers `{}`). A bad signature answers
 * 401, a malformed event 400, `fn` throwing 500 (the host retries), each as problem+json.
 * @param {string | Uint8Array | ArrayBuffer} body
 * @param {Headers | Record<string, string | string[] | undefined>} headers
 * @param {string} secret
 * @param {(event: any) => any} fn
 * @param {{tolerance?: number, now?: number | Date, onError?: (error: unknown) => void}} [options]
 */
export async function handleAgentWebhook(body, headers, secret, fn, options = {}) {
  let event;
  try {
    if (header(headers, "x-mailroom-signature") === undefined) {
      throw new WebhookVerificationError("missing-headers", "X-Mailroom-Signature is missing: not an agent webhook");
    }
    event = await verifyWebhook(body, headers, secret, options);
  } catch (e) {
    if (e instanceof WebhookVerificationError && e.reason === "malformed-body") {
      return problem(400, "bad-request", "Malformed agent event", e.message);
    }
    if (e instanceof WebhookVerificationError) return problem(401, "unauthorized", "Webhook not verified", e.message);
    throw e;
  }
  if (!event || typeof event !== "object" || Array.isArray(event)
      || (event.event !== "email" && event.event !== "schedule")) {
    return problem(400, "bad-request", "Malformed agent event", 'event must be "email" or "schedule"');
  }
  if (event.event === "email" && (!event.email || typeof event.email !== "object")) {
    return problem(400, "bad-request", "Malformed agent event", "an email event without email");
  }
  let answer;
  try {
    answer = await fn(event);
  } catch (e) {
    options.onError?.(e);
    return problem(500, "internal-error", "The agent failed", String(e?.message ?? e));
  }
  if (answer === undefined || answer === null) answer = {};
  if (typeof answer !== "object" || Array.isArray(answer)) {
    return problem(500, "internal-error", "The agent failed", "the agent answered something other than an object");
  }
  return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(answer) };
}

/**
 * A Node `http` (or Express-style) request listener running {@link handleAgentWebhook}: reads the exact body (or
 * takes `req.body` when a raw-body middleware left a Buffer or string there), then writes the answer.
 */
export function agentHandler(secret, fn, options = {}) {
  return async (req, res) => {
    try {
      let body = req.body;
      if (!(body instanceof Uint8Array) && typeof body !== "string") {
        const chunks = [];
        for await (const chunk of req) chunks.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        body = concat(...chunks);
      }
      const answer = await handleAgentWebhook(body, req.headers, secret, fn, options);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (e) {
      options.onError?.(e);
      if (!res.headersSent) res.writeHead(500, PROBLEM);
      res.end(JSON.stringify({ type: "https://mailroom.dev/problems/internal-error", title: "The agent failed", status: 500 }));
    }
  };
}

/** A Fetch-API handler (`Request` → `Response`) running {@link handleAgentWebhook}: Workers, Deno, Bun. */
export function fetchAgentHandler(secret, fn, options = {}) {
  return async (request) => {
    const body = new Uint8Array(await request.arrayBuffer());
    const answer = await handleAgentWebhook(body, request.headers, secret, fn, options);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
