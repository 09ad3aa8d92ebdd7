// The coverage check: every /v1/ operation of sdks/openapi.json has a client method (src/operations.js), and each
// method really calls its operation (HTTP method and path template), checked against a local recording server.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { Mailroom } from "../../src/index.js";
import { ALIASES, OPERATIONS } from "../../src/operations.js";
import { startRecorder } from "./recorder.js";

const doc = JSON.parse(readFileSync(new URL("../../../openapi.json", import.meta.url), "utf8"));
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** operationId → {method, path, idempotencyKey} of every operation in the document. */
const ops = {};
for (const [path, item] of Object.entries(doc.paths)) {
  for (const m of METHODS) {
    const op = item[m];
    if (!op) continue;
    ops[op.operationId] = {
      method: m.toUpperCase(), path,
      idempotencyKey: (op.parameters ?? []).some((p) => p.in === "header" && p.name === "Idempotency-Key"),
    };
  }
}
const v1 = Object.keys(ops).filter((id) => ops[id].path.startsWith("/v1/"));

function resolve(client, methodPath) {
  const [resource, name] = methodPath.split(".");
  const target = client[resource];
  return target && typeof target[name] === "function" ? target[name].bind(target) : null;
}

test("every /v1/ operation of the document has an SDK method", () => {
  const missing = v1.filter((id) => !(id in OPERATIONS));
  assert.deepEqual(missing, [], `operations without an entry in src/operations.js: ${missing.join(", ")}`);
});

test("every entry names an operation of the document", () => {
  const unknown = [...Object.keys(OPERATIONS), ...Object.values(ALIASES)].filter((id) => !(id in ops));
  assert.deepEqual(unknown, [], `entries naming no operation of sdks/openapi.json: ${unknown.join(", ")}`);
});

test("every entry resolves to a callable method of a constructed client", () => {
  const client = new Mailroom({ apiKey: "k", baseUrl: "http://127.0.0.1:1" });
  const broken = [...Object.values(OPERATIONS), ...Object.keys(ALIASES)].filter((p) => !resolve(client, p));
  assert.deepEqual(broken, [], `method paths that are not methods: ${broken.join(", ")}`);
});

const P = "p1";
const Q = "p2";
const SEND = { from: "app@agents.localhost", to: ["b@example.org"], subject: "s", text: "t" };
const HOOK = { name: "C", address: "c@agents.localhost", webhook: { url: "http://127.0.0.1/h", secret: "0123456789abcdef" } };
/** Sample arguments per method path. */
const SAMPLES = {
  "emails.send": [SEND],
  "emails.sendBatch": [[SEND, SEND]],
  "emails.get": [P],
  "emails.reply": [P, { text: "t" }],
  "emails.replyAll": [P, { text: "t" }],
  "emails.forward": [P, { to: ["c@example.org"] }],
  "mailboxes.list": [],
  "mailboxes.delete": [P],
  "threads.list": [{ limit: 1 }],
  "threads.search": ["hello"],
  "threads.get": [P],
  "threads.update": [P, { unread: false }],
  "threads.delete": [P],
  "messages.get": [P],
  "messages.update": [P, { starred: true }],
  "messages.updateMany": [{ ids: [P], patch: { unread: false } }],
  "messages.delete": [P],
  "messages.raw": [P],
  "messages.body": [P, { images: "allow" }],
  "messages.attachment": [P, Q, { format: "text" }],
  "labels.list": [],
  "drafts.list": [{ class: "Drafter" }],
  "drafts.get": [P],
  "drafts.approve": [P, { text: "edited" }],
  "drafts.reject": [P, "no"],
  "agents.list": [],
  "agents.create": [HOOK],
  "agents.get": [P],
  "agents.update": [P, HOOK],
  "agents.delete": [P],
  "agents.instances": [P],
  "agents.getInstance": [P, Q],
  "agents.events": [P, Q],
  "agents.threads": [P, Q],
  "agents.send": [P, Q, { to: ["x@example.org"], subject: "s", text: "t" }],
  "agents.messages": [P, Q, { wait: 0 }],
  "agents.waitForReply": [P, Q, { timeoutSeconds: 5 }],
  "agents.streamMessages": [P, Q, { after: 0 }],
  "schedules.list": [],
  "domains.create": ["example.test"],
  "domains.list": [],
  "domains.get": [P],
  "domains.zone": [P],
  "domains.verify": [P],
  "domains.rotateDkim": [P],
  "domains.delete": [P],
  "domains.configureDnsUpdate": [P, { server: "127.0.0.1:53", zone: "example.test", key_name: "k", key_algorithm: "hmac-sha256", key_secret: "c2VjcmV0" }],
  "domains.removeDnsUpdate": [P],
  "domains.publish": [P],
  "apiKeys.create": [{ name: "k", permissions: ["read"], domains: ["*"] }],
  "apiKeys.list": [],
  "apiKeys.get": [P],
  "apiKeys.revoke": [P],
  "suppressions.list": [],
  "suppressions.delete": ["a@example.org"],
  "webhooks.create": [{ url: "http://127.0.0.1/h", event_types: ["email.delivered"] }],
  "webhooks.list": [],
  "webhooks.get": [P],
  "webhooks.update": [P, { enabled: false }],
  "webhooks.delete": [P],
  "webhooks.deliveries": [P, { limit: 1 }],
  "webhooks.replayDelivery": [P, Q],
  "webhooks.replay": [P, { since: "2026-12-01T00:00:00Z" }],
  "webhooks.rotateSecret": [P],
  "events.stream": [],
};

/** Runs a call to completion: a page list's first page, a stream's first event, else the promise. */
async function invoke(result) {
  if (result && typeof result.firstPage === "function") return result.firstPage();
  if (result && typeof result[Symbol.asyncIterator] === "function" && typeof result.then !== "function") {
    for await (const item of result) return item;
    return undefined;
  }
  return result;
}

function templateRegex(path) {
  return new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
}

describe("each method calls its operation", () => {
  let server;
  let client;
  before(async () => {
    server = await startRecorder((r, res) => {
      if (r.path.endsWith("/stream")) {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        res.end('id: 7\nevent: x\ndata: {"seq":7,"agent":"A/i","message":{"id":"m"},"type":"x"}\n\n');
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ items: [], messages: [{ seq: 1, agent: "A/i", message: { id: "m" } }], cursor: 1 }));
    });
    client = new Mailroom({ apiKey: "k", baseUrl: server.baseUrl, maxRetries: 0 });
  });
  after(() => server.close());

  test("every method has sample arguments", () => {
    const all = [...Object.values(OPERATIONS), ...Object.keys(ALIASES)];
    const without = all.filter((p) => !(p in SAMPLES));
    assert.deepEqual(without, [], `no sample arguments in this test for: ${without.join(", ")}`);
  });

  const entries = [...Object.entries(OPERATIONS).map(([id, p]) => [p, id]), ...Object.entries(ALIASES)];
  for (const [methodPath, id] of entries) {
    test(`${methodPath} → ${id}`, async () => {
      const op = ops[id];
      assert.ok(op, `${id} is not in the document`);
      const fn = resolve(client, methodPath);
      assert.ok(fn, `${methodPath} is not a method`);
      const before = server.requests.length;
      await invoke(fn(...(SAMPLES[methodPath] ?? [])));
      const r = server.requests[before];
      assert.ok(r, `${methodPath} sent no request`);
      assert.equal(r.method, op.method, `${methodPath} sent ${r.method}, ${id} is ${op.method}`);
      assert.match(r.path, templateRegex(op.path), `${methodPath} called ${r.path}, ${id} is ${op.path}`);
      assert.equal(r.headers.authorization, "Bearer k");
      if (op.idempotencyKey) {
        assert.match(r.headers["idempotency-key"] ?? "", /^[0-9a-f-]{36}$/, `${methodPath} sent no Idempotency-Key`);
      }
    });
  }
});
