/**
 * The client: `new Mailroom({ apiKey, baseUrl })` and one property per resource of the public API
 * (`sdks/openapi.json`; `operations.js` maps every operationId to its method here). Bodies and answers keep the
 * wire's snake_case names. Every method takes a last `options` argument ({@link RequestOptions}: signal,
 * timeoutSeconds, maxRetries, headers, idempotencyKey).
 */
import { withWireAttachments } from "./attachments.js";
import { randomUuid } from "./encoding.js";
import { Http, seg } from "./http.js";
import { PageIterator } from "./pagination.js";
import { readYourSend } from "./sends.js";
import { EventStream } from "./streams.js";

/** The Idempotency-Key for a call: the caller's, else a fresh UUID. */
async function idempotencyKey(options, params) {
  return options?.idempotencyKey ?? params?.idempotency_key ?? params?.idempotencyKey ?? (await randomUuid());
}

function withoutKey(params) {
  if (!params || (!("idempotency_key" in params) && !("idempotencyKey" in params))) return params;
  const { idempotency_key, idempotencyKey, ...rest } = params;
  return rest;
}

/** `wait` on the wire (`30s`, `500ms`, or a duration string as given) and its length in seconds. */
export function waitParam(wait) {
  if (wait === undefined || wait === null) return { wire: undefined, seconds: 30 };
  if (typeof wait === "number") {
    const wire = Number.isInteger(wait) ? `${wait}s` : `${Math.round(wait * 1000)}ms`;
    return { wire, seconds: wait };
  }
  const m = /^(\d+)(ms|s|m)?$/.exec(String(wait).trim());
  const seconds = m ? Number(m[1]) * (m[2] === "ms" ? 0.001 : m[2] === "m" ? 60 : 1) : 30;
  return { wire: String(wait), seconds };
}

class Resource {
  constructor(http) {
    this.http = http;
  }

  _get(path, query, options, accept = "json") {
    return this.http.request({ method: "GET", path, query, options, accept });
  }

  _call(method, path, json, options, headers) {
    return this.http.request({ method, path, json, options, headers });
  }

  _pages(path, params = {}, options) {
    const { page_token, ...query } = params;
    return new PageIterator((token) => this._get(path, { ...query, page_token: token }, options), page_token);
  }

  /** POST with an Idempotency-Key (generated when absent) and attachments in wire form. */
  async _keyed(path, params, options) {
    const key = await idempotencyKey(options, params);
    const body = await withWireAttachments(withoutKey(params));
    const accepted = await this._call("POST", path, body, options, { "Idempotency-Key": key });
    this.http.sends?.remember(accepted?.id);
    return accepted;
  }

  /** A GET of message `id`, its 404 retried briefly when `id` is one of this client's recent sends. */
  _read(id, suffix, query, options, accept) {
    const read = () => this._get(`/v1/messages/${seg(id)}${suffix}`, query, options, accept);
    return readYourSend(this.http, id, read, options);
  }
}

export class Emails extends Resource {
  /** Sends one message (202: `{id, message_id}`); an Idempotency-Key is generated when none is given. */
  send(params, options) {
    return this._keyed("/v1/send", params, options);
  }

  /** Sends several messages in one call (`{ids, message_ids}`); `options` may be the Idempotency-Key itself. */
  async sendBatch(messages, options) {
    const opts = typeof options === "string" ? { idempotencyKey: options } : options;
    const key = await idempotencyKey(opts);
    const body = await Promise.all(messages.map((m) => withWireAttachments(withoutKey(m))));
    const accepted = await this._call("POST", "/v1/send/batch", body, opts, { "Idempotency-Key": key });
    this.http.sends?.remember(accepted?.ids);
    return accepted;
  }

  /** A message with its delivery status and attempts (an id this client just sent: its 404 retried up to 5 s). */
  get(id, options) {
    return this._read(id, "", undefined, options);
  }

  reply(id, params, options) {
    return this._keyed(`/v1/messages/${seg(id)}/reply`, params, options);
  }

  replyAll(id, params, options) {
    return this._keyed(`/v1/messages/${seg(id)}/reply-all`, params, options);
  }

  forward(id, params, options) {
    return this._keyed(`/v1/messages/${seg(id)}/forward`, params, options);
  }
}

export class Mailboxes extends Resource {
  list(params, options) {
    return this._pages("/v1/mailboxes", params, options);
  }

  delete(id, options) {
    return this._call("DELETE", `/v1/mailboxes/${seg(id)}`, undefined, options);
  }
}

export class Threads extends Resource {
  /** Threads, newest first: `{mailbox, folder, label, q, limit, page_token}`. */
  list(params, options) {
    return this._pages("/v1/threads", params, options);
  }

  /** Threads matching a Gmail-style query, best match first. */
  search(q, params, options) {
    return this._pages("/v1/threads", { ...params, q }, options);
  }

  get(id, options) {
    return this._get(`/v1/threads/${seg(id)}`, undefined, options);
  }

  update(id, patch, options) {
    return this._call("PATCH", `/v1/threads/${seg(id)}`, patch, options);
  }

  delete(id, options) {
    return this._call("DELETE", `/v1/threads/${seg(id)}`, undefined, options);
  }
}

export class Messages extends Resource {
  /** A message (an id this client just sent: its 404 retried up to 5 s). */
  get(id, options) {
    return this._read(id, "", undefined, options);
  }

  update(id, patch, options) {
    return this._call("PATCH", `/v1/messages/${seg(id)}`, patch, options);
  }

  /** One change to many messages: `{ids, patch}`. */
  updateMany(batch, options) {
    return this._call("POST", "/v1/messages/batch", batch, options);
  }

  delete(id, options) {
    return this._call("DELETE", `/v1/messages/${seg(id)}`, undefined, options);
  }

  /** The message as received or sent (RFC 5322 bytes). */
  raw(id, options) {
    return this._read(id, "/raw", undefined, options, "bytes");
  }

  /** The body as a sanitised HTML document; `{images: "allow"}` keeps remote images. */
  body(id, params, options) {
    return this._read(id, "/body", params, options, "text");
  }

  /** An attachment's bytes, or its extracted text with `{format: "text"}`. */
  attachment(id, attachmentId, params, options) {
    const accept = params?.format === "text" ? "text" : "bytes";
    return this._get(`/v1/messages/${seg(id)}/attachments/${seg(attachmentId)}`, params, options, accept);
  }
}

export class Labels extends Resource {
  list(params, options) {
    return this._get("/v1/labels", params, options);
  }
}

export class Drafts extends Resource {
  /** `{class, instance, status, thread, limit, page_token}`. */
  list(params, options) {
    return this._pages("/v1/drafts", params, options);
  }

  get(id, options) {
    return this._get(`/v1/drafts/${seg(id)}`, undefined, options);
  }

  /** Approves (and sends) a draft, optionally edited: `{subject, text, html, to}`. */
  approve(id, edits, options) {
    return this._call("POST", `/v1/drafts/${seg(id)}/approve`, edits ?? {}, options);
  }

  reject(id, reason, options) {
    return this._call("POST", `/v1/drafts/${seg(id)}/reject`, reason === undefined ? {} : { reason }, options);
  }
}

export class Agents extends Resource {
  list(params, options) {
    return this._pages("/v1/agents", params, options);
  }

  /** Registers a webhook agent class: `{name, address | addresses, webhook: {url, secret, timeout}}`. */
  create(definition, options) {
    return this._call("POST", "/v1/agents", definition, options);
  }

  get(name, options) {
    return this._get(`/v1/agents/${seg(name)}`, undefined, options);
  }

  update(name, definition, options) {
    return this._call("PUT", `/v1/agents/${seg(name)}`, definition, options);
  }

  delete(name, options) {
    return this._call("DELETE", `/v1/agents/${seg(name)}`, undefined, options);
  }

  instances(cls, params, options) {
    return this._pages(`/v1/agents/${seg(cls)}/instances`, params, options);
  }

  /** An instance with its state. */
  getInstance(cls, instance, options) {
    return this._get(`/v1/agents/${seg(cls)}/instances/${seg(instance)}`, undefined, options);
  }

  events(cls, instance, params, options) {
    return this._get(`/v1/agents/${seg(cls)}/instances/${seg(instance)}/events`, params, options);
  }

  threads(cls, instance, params, options) {
    return this._pages(`/v1/agents/${seg(cls)}/instances/${seg(instance)}/threads`, params, options);
  }

  /** Sends a new message as the instance (its address, its thread). */
  send(cls, instance, params, options) {
    return this._keyed(`/v1/agents/${seg(cls)}/instances/${seg(instance)}/send`, params, options);
  }

  /**
   * One long poll: the instance's messages after `after` (default: now), waiting up to `wait` (seconds or a
   * duration such as `30s`; 0 answers at once). Answers the raw `{messages: [{seq, agent, message}], cursor}`.
   */
  messages(cls, instance, params = {}, options) {
    const { wait, ...query } = params;
    const w = waitParam(wait);
    return this.http.request({
      method: "GET", path: `/v1/agents/${seg(cls)}/instances/${seg(instance)}/messages`,
      query: { ...query, wait: w.wire }, options, extraSeconds: w.seconds,
    });
  }

  /**
   * The first message of the instance after the cursor (`after`, else now), as `{...message, seq, agent}`; null
   * when `timeoutSeconds` (default 30) passes first. `direction` defaults to `in`; `out` waits for the agent's own.
   */
  async waitForReply(cls, instance, params = {}, options) {
    const timeout = params.timeoutSeconds ?? params.timeout ?? 30;
    const end = Date.now() + timeout * 1000;
    let after = params.after;
    for (;;) {
      const remaining = end - Date.now();
      if (remaining <= 0) return null;
      const page = await this.messages(cls, instance, {
        after, direction: params.direction ?? "in", thread: params.thread, wait: Math.min(remaining, 30000) / 1000,
      }, options);
      const first = page?.messages?.[0];
      if (first) return { ...first.message, seq: first.seq, agent: first.agent };
      if (page?.cursor !== undefined && page?.cursor !== null) after = page.cursor;
    }
  }

  /**
   * The instance's messages as they commit (`WaitedMessage`s), reconnecting after `after=<last seq>`. Without
   * `after` it starts now (the current cursor, read first, so a reconnect loses nothing).
   */
  streamMessages(cls, instance, params = {}, options) {
    const { after, ...filter } = params;
    const path = `/v1/agents/${seg(cls)}/instances/${seg(instance)}/messages/stream`;
    return new EventStream(this.http, {
      path,
      request: (cursor) => ({ query: { ...filter, after: cursor } }),
      cursorOf: (_ev, item) => (item?.seq === undefined ? undefined : String(item.seq)),
      start: async () => {
        const page = await this.messages(cls, instance, { ...filter, wait: 0 }, options);
        return page?.cursor === undefined || page?.cursor === null ? undefined : String(page.cursor);
      },
    }, after, options);
  }
}

export class Schedules extends Resource {
  /** `{class, instance, status, limit, page_token}`. */
  list(params, options) {
    return this._pages("/v1/schedules", params, options);
  }
}

export class Domains extends Resource {
  /** Adds a domain: a name, or `{name, require_verified_dkim}`. */
  create(name, options) {
    return this._call("POST", "/v1/domains", typeof name === "string" ? { name } : name, options);
  }

  list(params, options) {
    return this._pages("/v1/domains", params, options);
  }

  /** The domain with its DNS records and their status. */
  get(name, options) {
    return this._get(`/v1/domains/${seg(name)}`, undefined, options);
  }

  /** The records as a zone file fragment (text). */
  zone(name, options) {
    return this._get(`/v1/domains/${seg(name)}/zone`, undefined, options, "text");
  }

  verify(name, options) {
    return this._call("POST", `/v1/domains/${seg(name)}/verify`, undefined, options);
  }

  rotateDkim(name, options) {
    return this._call("POST", `/v1/domains/${seg(name)}/rotate-dkim`, undefined, options);
  }

  delete(name, options) {
    return this._call("DELETE", `/v1/domains/${seg(name)}`, undefined, options);
  }

  /** RFC 2136 dynamic updates: `{server, zone, key_name, key_algorithm, key_secret}`. */
  configureDnsUpdate(name, params, options) {
    return this._call("PUT", `/v1/domains/${seg(name)}/dns-update`, params, options);
  }

  removeDnsUpdate(name, options) {
    return this._call("DELETE", `/v1/domains/${seg(name)}/dns-update`, undefined, options);
  }

  publish(name, options) {
    return this._call("POST", `/v1/domains/${seg(name)}/publish`, undefined, options);
  }
}

export class ApiKeys extends Resource {
  /** `{name, permissions, domains, rate_per_minute}`; the answer's `token` is the only copy of the key. */
  create(params, options) {
    return this._call("POST", "/v1/api-keys", params, options);
  }

  list(params, options) {
    return this._pages("/v1/api-keys", params, options);
  }

  get(id, options) {
    return this._get(`/v1/api-keys/${seg(id)}`, undefined, options);
  }

  revoke(id, options) {
    return this._call("DELETE", `/v1/api-keys/${seg(id)}`, undefined, options);
  }
}

export class Suppressions extends Resource {
  list(params, options) {
    return this._pages("/v1/suppressions", params, options);
  }

  delete(address, options) {
    return this._call("DELETE", `/v1/suppressions/${seg(address)}`, undefined, options);
  }
}

export class Webhooks extends Resource {
  /** `{url, event_types, mailbox_id, domain, description, enabled}`; the answer's `secret` signs deliveries. */
  create(definition, options) {
    return this._call("POST", "/v1/webhooks", definition, options);
  }

  list(options) {
    return this._get("/v1/webhooks", undefined, options);
  }

  get(id, options) {
    return this._get(`/v1/webhooks/${seg(id)}`, undefined, options);
  }

  update(id, patch, options) {
    return this._call("PATCH", `/v1/webhooks/${seg(id)}`, patch, options);
  }

  delete(id, options) {
    return this._call("DELETE", `/v1/webhooks/${seg(id)}`, undefined, options);
  }

  /** One page of the delivery log, newest first: `{before, limit}` → `{items, next_before}`. */
  deliveries(id, params, options) {
    return this._get(`/v1/webhooks/${seg(id)}/deliveries`, params, options);
  }

  replayDelivery(id, deliveryId, options) {
    return this._call("POST", `/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/replay`, undefined, options);
  }

  /** Delivers again the events of a time range: `{since, until}`. */
  replay(id, params, options) {
    return this._call("POST", `/v1/webhooks/${seg(id)}/replay`, params, options);
  }

  rotateSecret(id, options) {
    return this._call("POST", `/v1/webhooks/${seg(id)}/rotate-secret`, undefined, options);
  }
}

export class Events extends Resource {
  /**
   * Customer events (`{type, timestamp, data}`) as they happen, resuming with Last-Event-ID after a dropped
   * connection: `{types, mailbox, domain, last_event_id}`; without a last event id it starts now.
   */
  stream(params = {}, options) {
    const { last_event_id, lastEventId, types, ...filter } = params;
    return new EventStream(this.http, {
      path: "/v1/events/stream",
      request: (cursor) => ({
        query: { ...filter, types: Array.isArray(types) ? types.join(",") : types },
        headers: cursor === undefined ? undefined : { "Last-Event-ID": cursor },
      }),
      cursorOf: (ev) => ev.id,
    }, last_event_id ?? lastEventId, options);
  }
}

export class Mailroom {
  /**
   * @param {import("../index.js").ClientOptions} [options] apiKey (default env MAILROOM_API_KEY), baseUrl
   *   (default env MAILROOM_BASE_URL, else http://127.0.0.1:8080), timeoutSeconds (30), maxRetries (2),
   *   maxRetryDelay (60), fetch, onRetry, headers, readYourSends (true: a read of an id this client just sent
   *   retries its 404 for up to 5 s)
   */
  constructor(options = {}) {
    const http = new Http(options);
    Object.defineProperty(this, "http", { value: http, enumerable: false });
    this.emails = new Emails(http);
    this.mailboxes = new Mailboxes(http);
    this.threads = new Threads(http);
    this.messages = new Messages(http);
    this.labels = new Labels(http);
    this.drafts = new Drafts(http);
    this.agents = new Agents(http);
    this.schedules = new Schedules(http);
    this.domains = new Domains(http);
    this.apiKeys = new ApiKeys(http);
    this.suppressions = new Suppressions(http);
    this.webhooks = new Webhooks(http);
    this.events = new Events(http);
  }

  get baseUrl() {
    return this.http.baseUrl;
  }
}
