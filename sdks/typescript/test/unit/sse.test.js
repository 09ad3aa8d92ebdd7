// Server-sent events: the parser, and both streams resuming after a dropped connection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConnectionError, Mailroom } from "../../src/index.js";
import { parseEvents } from "../../src/sse.js";
import { startRecorder } from "./recorder.js";

function body(...chunks) {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === "string" ? enc.encode(ch) : ch);
      c.close();
    },
  });
}

async function all(stream) {
  const out = [];
  for await (const e of parseEvents(stream)) out.push(e);
  return out;
}

test("the parser: fields, multi-line data, comments, CR/LF/CRLF, chunks split anywhere", async () => {
  const events = await all(body(
    ": keep-alive\n\n",
    "id: 1\nevent: email.sent\ndata: {\"a\":\n", "data: 1}\n\n",
    "id: 2\r\ndata:x\r\n\r", "\nretry: 1500\rdata: y\r\r",
    "data: no trailing blank line",
  ));
  assert.deepEqual(events, [
    { id: "1", event: "email.sent", data: '{"a":\n1}', retry: undefined },
    { id: "2", event: "message", data: "x", retry: undefined },
    { id: "2", event: "message", data: "y", retry: 1500 },
  ]);
  const bytes = new TextEncoder().encode("data: é€\n\n");
  const split = await all(body(bytes.slice(0, 7), bytes.slice(7)));
  assert.equal(split[0].data, "é€", "a UTF-8 character split between chunks");
});

test("events.stream resumes with Last-Event-ID after a dropped connection", async () => {
  const server = await startRecorder((r, res, n) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    if (n === 1) {
      res.write(': hello\n\nid: 10\nevent: email.sent\ndata: {"type":"email.sent","timestamp":"t","data":{"n":10}}\n\n');
      res.write('id: 11\nevent: email.delivered\ndata: {"type":"email.delivered","timestamp":"t","data":{"n":11}}\n\n');
      setTimeout(() => res.destroy(), 20); // the connection drops
      return;
    }
    res.write('id: 12\nevent: email.sent\ndata: {"type":"email.sent","timestamp":"t","data":{"n":12}}\n\n');
  });
  try {
    const mr = new Mailroom({ apiKey: "k", baseUrl: server.baseUrl, maxRetryDelay: 0.05 });
    const stream = mr.events.stream({ types: ["email.sent", "email.delivered"], domain: "agents.localhost" });
    const seen = [];
    for await (const e of stream) {
      seen.push(e.data.n);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, [10, 11, 12]);
    assert.equal(stream.lastEventId, "12");
    assert.equal(server.requests[0].headers["last-event-id"], undefined);
    assert.equal(server.requests[0].query.get("types"), "email.sent,email.delivered");
    assert.equal(server.requests[0].headers.accept, "text/event-stream");
    assert.equal(server.requests[1].headers["last-event-id"], "11");
    assert.equal(server.requests[1].query.get("domain"), "agents.localhost");
  } finally {
    await server.close();
  }
});

test("agents.streamMessages reads the cursor first, then resumes with after=<last seq>", async () => {
  const server = await startRecorder((r, res) => {
    if (r.path.endsWith("/messages")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end('{"messages":[],"cursor":5}');
    }
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    const after = Number(r.query.get("after"));
    res.end(`data: {"seq":${after + 1},"agent":"Echo/t1","message":{"id":"h${after + 1}"}}\n\n`); // ends: reconnect
  });
  try {
    const mr = new Mailroom({ apiKey: "k", baseUrl: server.baseUrl, maxRetryDelay: 0.05 });
    const seqs = [];
    for await (const w of mr.agents.streamMessages("Echo", "t1", { direction: "out" })) {
      seqs.push(w.seq);
      if (seqs.length === 3) break;
    }
    assert.deepEqual(seqs, [6, 7, 8]);
    assert.equal(server.requests[0].path, "/v1/agents/Echo/instances/t1/messages");
    assert.equal(server.requests[0].query.get("wait"), "0s");
    assert.deepEqual(server.requests.slice(1).map((r) => r.query.get("after")), ["5", "6", "7"]);
    assert.ok(server.requests.slice(1).every((r) => r.query.get("direction") === "out"));
  } finally {
    await server.close();
  }
});

test("a stream that keeps ending without an event gives up with a ConnectionError; HTTP errors are typed", async () => {
  const server = await startRecorder((r, res) => {
    if (r.query.get("types") === "denied") {
      res.writeHead(403, { "Content-Type": "application/problem+json" });
      return res.end('{"title":"Forbidden","status":403,"detail":"needs read"}');
    }
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.end(": nothing\n\n");
  });
  try {
    const mr = new Mailroom({ apiKey: "k", baseUrl: server.baseUrl, maxRetries: 2, maxRetryDelay: 0.01 });
    await assert.rejects(async () => { for await (const _ of mr.events.stream()) { /* none */ } }, ConnectionError);
    assert.equal(server.requests.length, 3);
    await assert.rejects(async () => { for await (const _ of mr.events.stream({ types: "denied" })) { /* none */ } },
      (e) => e.status === 403 && e.detail === "needs read");
  } finally {
    await server.close();
  }
});

test("the caller's signal closes a quiet stream at once", { timeout: 5000 }, async () => {
  const server = await startRecorder((r, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.write(": open\n\n"); // then nothing
  });
  try {
    const mr = new Mailroom({ apiKey: "k", baseUrl: server.baseUrl, timeoutSeconds: 0.3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("enough")), 700); // after the request timeout: the body outlives it
    const started = Date.now();
    await assert.rejects(async () => {
      for await (const _ of mr.events.stream({}, { signal: controller.signal })) { /* none */ }
    }, /enough/);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    assert.equal(server.requests.length, 1, "the timeout did not cut the open stream");
  } finally {
    await server.close();
  }
});
