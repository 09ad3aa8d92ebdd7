// The agent handler: verify, decode, call the function, answer; and the Node http / Fetch adapters.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { agentHandler, fetchAgentHandler, handleAgentWebhook, signAgentWebhook } from "../../src/index.js";

const SECRET = "agent-secret-0123456789";

async function signed(event, { secret = SECRET, at = Math.floor(Date.now() / 1000) } = {}) {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  const ts = String(at);
  return { body, headers: { "X-Mailroom-Timestamp": ts, "X-Mailroom-Signature": await signAgentWebhook(secret, ts, body), "X-Mailroom-Delivery": "d1" } };
}

const EMAIL = { v: 1, event: "email", id: "r1", agent: { class_name: "Echo", instance: "t1" },
  email: { message: { subject: "Hi", text: "hello", from: { address: "a@example.org" } } }, thread_id: "th", state: { n: 1 }, history: [] };

test("an email event reaches the function and its answer is returned as JSON", async () => {
  const { body, headers } = await signed(EMAIL);
  let seen;
  const answer = await handleAgentWebhook(body, headers, SECRET, (e) => {
    seen = e;
    return { state: { n: e.state.n + 1 }, replies: [{ text: `echo: ${e.email.message.text}` }] };
  });
  assert.equal(seen.agent.instance, "t1");
  assert.equal(answer.status, 200);
  assert.equal(answer.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(answer.body), { state: { n: 2 }, replies: [{ text: "echo: hello" }] });
});

test("a schedule event, an async function, and a function answering nothing (→ {})", async () => {
  const { body, headers } = await signed({ v: 1, event: "schedule", id: "s1", agent: { class_name: "Echo", instance: "t1" }, payload: { k: 1 } });
  const answer = await handleAgentWebhook(body, headers, SECRET, async (e) => {
    assert.deepEqual(e.payload, { k: 1 });
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, "{}");
});

test("a bad signature answers 401, a malformed event 400, a failing function 500, all problem+json", async () => {
  const { body, headers } = await signed(EMAIL, { secret: "someone-else-0123456" });
  let called = false;
  const forged = await handleAgentWebhook(body, headers, SECRET, () => { called = true; });
  assert.equal(forged.status, 401);
  assert.equal(forged.headers["Content-Type"], "application/problem+json");
  assert.equal(JSON.parse(forged.body).status, 401);
  assert.equal(called, false);

  const old = await signed(EMAIL, { at: Math.floor(Date.now() / 1000) - 3600 });
  assert.equal((await handleAgentWebhook(old.body, old.headers, SECRET, () => ({}))).status, 401);
  assert.equal((await handleAgentWebhook(EMAIL, {}, SECRET, () => ({}))).status, 401, "unsigned");

  for (const bad of ["{nope", JSON.stringify({ v: 1, event: "party" }), JSON.stringify({ v: 1, event: "email" }), "[1]"]) {
    const s = await signed(bad);
    const answer = await handleAgentWebhook(s.body, s.headers, SECRET, () => { called = true; });
    assert.equal(answer.status, 400, bad);
    assert.match(JSON.parse(answer.body).detail, /./);
  }
  assert.equal(called, false);

  const ok = await signed(EMAIL);
  const failed = await handleAgentWebhook(ok.body, ok.headers, SECRET, () => { throw new Error("boom"); });
  assert.equal(failed.status, 500);
  assert.equal(JSON.parse(failed.body).detail, "boom");
  assert.equal((await handleAgentWebhook(ok.body, ok.headers, SECRET, () => "text")).status, 500);
});

test("the Node http adapter serves the handler over real HTTP", async () => {
  const server = createServer(agentHandler(SECRET, (e) => ({ replies: [{ text: e.email.message.text.toUpperCase() }] })));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${server.address().port}/agent`;
    const { body, headers } = await signed(EMAIL);
    const res = await fetch(url, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { replies: [{ text: "HELLO" }] });
    const tampered = await fetch(url, { method: "POST", headers, body: body.replace("hello", "HELLO") });
    assert.equal(tampered.status, 401);
    assert.equal(tampered.headers.get("content-type"), "application/problem+json");
  } finally {
    server.close();
  }
});

test("the Fetch adapter answers a Response", async () => {
  const handler = fetchAgentHandler(SECRET, () => ({ sends: [{ to: ["x@example.org"], subject: "s", text: "t" }] }));
  const { body, headers } = await signed(EMAIL);
  const res = await handler(new Request("http://agent/", { method: "POST", headers, body }));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).sends[0].subject, "s");
});

test("the Node adapter takes a raw body an Express-style middleware left in req.body", async () => {
  const { body, headers } = await signed(EMAIL);
  const written = {};
  const res = {
    headersSent: false,
    writeHead(status, h) { written.status = status; written.headers = h; this.headersSent = true; },
    end(b) { written.body = b; },
  };
  await agentHandler(SECRET, () => ({ state: { ok: true } }))({ body: Buffer.from(body), headers }, res);
  assert.equal(written.status, 200);
  assert.deepEqual(JSON.parse(written.body), { state: { ok: true } });
  await agentHandler(SECRET, () => ({}))({ body: Buffer.from(body.replace("hello", "bye")), headers }, res);
  assert.equal(written.status, 401);
});
