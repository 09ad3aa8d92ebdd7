// The client against a local HTTP server: headers, typed errors, retries, timeouts, pagination, attachments,
// the long poll and waitForReply.
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  ApiError, AuthenticationError, ConflictError, ConnectionError, InternalServerError, Mailroom, NotFoundError,
  PermissionDeniedError, RateLimitError, TimeoutError, VERSION, ValidationError,
} from "../../src/index.js";
import { json, startRecorder } from "./recorder.js";

const FileCtor = globalThis.File ?? (await import("node:buffer")).File; // global from Node 20

async function withServer(answer, fn) {
  const server = await startRecorder(answer);
  try {
    await fn(server, (opts = {}) => new Mailroom({ apiKey: "mr_test", baseUrl: `${server.baseUrl}/`, maxRetryDelay: 0.05, ...opts }));
  } finally {
    await server.close();
  }
}

test("package.json and VERSION agree", async () => {
  const pkg = JSON.parse(await (await import("node:fs/promises")).readFile(new URL("../../package.json", import.meta.url), "utf8"));
  assert.equal(pkg.version, VERSION);
});

test("bearer key, User-Agent, JSON body and a generated Idempotency-Key", async () => {
  await withServer((r, res) => json(res, 202, { id: "snd_1", message_id: "<m@x>" }), async (server, client) => {
    const sent = await client().emails.send({ from: "a@agents.localhost", to: ["b@example.org"], subject: "s", text: "t" });
    assert.equal(sent.id, "snd_1");
    const r = server.requests[0];
    assert.equal(r.method, "POST");
    assert.equal(r.path, "/v1/send");
    assert.equal(r.headers.authorization, "Bearer mr_test");
    assert.equal(r.headers["user-agent"], `mailroom-sdk-typescript/${VERSION}`);
    assert.equal(r.headers["content-type"], "application/json");
    assert.match(r.headers["idempotency-key"], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(JSON.parse(r.body), { from: "a@agents.localhost", to: ["b@example.org"], subject: "s", text: "t" });

    await client().emails.send({ from: "a@x", to: ["b@y"], idempotency_key: "mine" });
    assert.equal(server.requests[1].headers["idempotency-key"], "mine");
    assert.equal(JSON.parse(server.requests[1].body).idempotency_key, undefined, "the key is a header, not body");
    await client().emails.sendBatch([{ from: "a@x", to: ["b@y"] }], "batch-key");
    assert.equal(server.requests[2].headers["idempotency-key"], "batch-key");
    assert.equal(server.requests[2].path, "/v1/send/batch");
    assert.ok(Array.isArray(JSON.parse(server.requests[2].body)));
  });
});

test("apiKey and baseUrl default to MAILROOM_API_KEY and MAILROOM_BASE_URL", async () => {
  await withServer(null, async (server) => {
    const saved = { ...process.env };
    process.env.MAILROOM_API_KEY = "mr_env";
    process.env.MAILROOM_BASE_URL = server.baseUrl;
    try {
      await new Mailroom().webhooks.list();
      assert.equal(server.requests[0].headers.authorization, "Bearer mr_env");
    } finally {
      process.env.MAILROOM_API_KEY = saved.MAILROOM_API_KEY ?? "";
      process.env.MAILROOM_BASE_URL = saved.MAILROOM_BASE_URL ?? "";
      if (saved.MAILROOM_API_KEY === undefined) delete process.env.MAILROOM_API_KEY;
      if (saved.MAILROOM_BASE_URL === undefined) delete process.env.MAILROOM_BASE_URL;
    }
    assert.equal(new Mailroom().baseUrl, process.env.MAILROOM_BASE_URL ?? "http://127.0.0.1:8080");
  });
});

test("problem+json answers become typed errors with every field", async () => {
  const problems = {
    401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError, 409: ConflictError,
    422: ValidationError, 429: RateLimitError, 500: InternalServerError, 418: ApiError,
  };
  await withServer((r, res) => {
    const status = Number(r.path.split("/").pop());
    json(res, status, {
      type: `https://mailroom.dev/problems/x${status}`, title: `T${status}`, status, detail: `D${status}`,
      instance: "/v1/x", errors: [{ field: "to", detail: "must not be empty" }],
    }, { "Retry-After": "3" });
  }, async (server, client) => {
    const c = client({ maxRetries: 0 });
    for (const [status, Type] of Object.entries(problems)) {
      await assert.rejects(c.messages.get(status), (e) => {
        assert.ok(e instanceof Type, `${status} → ${e.constructor.name}`);
        assert.ok(e instanceof ApiError);
        assert.equal(e.status, Number(status));
        assert.equal(e.type, `https://mailroom.dev/problems/x${status}`);
        assert.equal(e.title, `T${status}`);
        assert.equal(e.detail, `D${status}`);
        assert.equal(e.instance, "/v1/x");
        assert.deepEqual(e.errors, [{ field: "to", detail: "must not be empty" }]);
        assert.equal(e.retryAfter, 3);
        assert.match(e.message, new RegExp(`${status}: D${status}`));
        return true;
      });
    }
  });
});

test("an error answer that is not JSON keeps its text", async () => {
  await withServer((r, res) => {
    res.writeHead(502, { "Content-Type": "text/html" });
    res.end("<h1>bad gateway</h1>");
  }, async (server, client) => {
    await assert.rejects(client({ maxRetries: 0 }).messages.get("x"), (e) => e.status === 502 && e.body === "<h1>bad gateway</h1>");
  });
});

test("a 429 is retried after Retry-After, counted by onRetry and by the fetch given", async () => {
  await withServer((r, res, n) => {
    if (n === 1) return json(res, 429, { type: "https://mailroom.dev/problems/rate-limited", title: "Too Many Requests", status: 429 }, { "Retry-After": "1" });
    json(res, 200, { items: [] });
  }, async (server, client) => {
    const retries = [];
    let fetches = 0;
    const started = Date.now();
    const page = await client({
      maxRetryDelay: 60,
      onRetry: (i) => retries.push(i),
      fetch: (...a) => { fetches++; return fetch(...a); },
    }).apiKeys.list().firstPage();
    assert.deepEqual(page.items, []);
    assert.equal(fetches, 2);
    assert.equal(retries.length, 1);
    assert.equal(retries[0].status, 429);
    assert.equal(retries[0].delaySeconds, 1);
    assert.ok(retries[0].error instanceof RateLimitError);
    assert.ok(Date.now() - started >= 950, "waited for Retry-After");
  });
});

test("5xx: GET retried up to maxRetries; POST without a key not retried; POST with a key retried", async () => {
  await withServer((r, res) => json(res, 503, { title: "Service Unavailable", status: 503 }), async (server, client) => {
    await assert.rejects(client({ maxRetries: 2 }).messages.get("x"), InternalServerError);
    assert.equal(server.requests.length, 3);
    await assert.rejects(client({ maxRetries: 2 }).drafts.approve("d1"), InternalServerError);
    assert.equal(server.requests.length, 4, "POST approve has no key: one attempt");
    await assert.rejects(client({ maxRetries: 2 }).emails.send({ from: "a@x", to: ["b@y"] }), InternalServerError);
    assert.equal(server.requests.length, 7, "POST send carries a key: retried");
    const keys = new Set(server.requests.slice(4).map((r) => r.headers["idempotency-key"]));
    assert.equal(keys.size, 1, "the same key on every attempt");
  });
});

test("4xx other than 408/429 is not retried", async () => {
  await withServer((r, res) => json(res, 404, { title: "Not Found", status: 404 }), async (server, client) => {
    await assert.rejects(client({ maxRetries: 3 }).threads.get("nope"), NotFoundError);
    assert.equal(server.requests.length, 1);
  });
});

test("a network failure is a ConnectionError, retried where safe", async () => {
  let fetches = 0;
  const c = new Mailroom({ apiKey: "k", baseUrl: "http://127.0.0.1:1", maxRetries: 1, maxRetryDelay: 0.01,
    fetch: (...a) => { fetches++; return fetch(...a); } });
  await assert.rejects(c.messages.get("x"), (e) => e instanceof ConnectionError && !(e instanceof TimeoutError));
  assert.equal(fetches, 2);
  await assert.rejects(c.drafts.reject("x"), ConnectionError);
  assert.equal(fetches, 3, "an unkeyed POST is not repeated");
});

test("a slow answer is a TimeoutError; the caller's signal aborts without retry", async () => {
  await withServer((r, res) => setTimeout(() => json(res, 200, {}), 1500), async (server, client) => {
    const started = Date.now();
    await assert.rejects(client({ timeoutSeconds: 0.2, maxRetries: 1 }).messages.get("x"), TimeoutError);
    assert.equal(server.requests.length, 2, "a GET timeout is retried");
    assert.ok(Date.now() - started < 1400);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);
    await assert.rejects(client().messages.get("x", { signal: controller.signal }), /stop/);
    assert.equal(server.requests.length, 3);
  });
});

test("pagination: the iterator follows next_page_token on demand; firstPage and page_token give one page", async () => {
  const pages = { "": { items: [1, 2], next_page_token: "t2" }, t2: { items: [3], next_page_token: "t3" }, t3: { items: [4] } };
  await withServer((r, res) => json(res, 200, pages[r.query.get("page_token") ?? ""]), async (server, client) => {
    const all = [];
    for await (const m of client().mailboxes.list({ limit: 2 })) all.push(m);
    assert.deepEqual(all, [1, 2, 3, 4]);
    assert.deepEqual(server.requests.map((r) => r.query.get("page_token")), [null, "t2", "t3"]);
    assert.ok(server.requests.every((r) => r.query.get("limit") === "2"));

    const it = client().apiKeys.list();
    for await (const k of it) { assert.equal(k, 1); break; }
    assert.equal(server.requests.length, 4, "stopping early fetches no further page");

    assert.deepEqual(await client().threads.list({ page_token: "t2" }).firstPage(), pages.t2);
    assert.deepEqual(await client().drafts.list({ class: "Drafter" }).toArray(), [1, 2, 3, 4]);
    assert.equal(server.requests.at(-1).query.get("class"), "Drafter");
  });
});

test("threads.search sends q; text and bytes answers", async () => {
  await withServer((r, res) => {
    if (r.method === "DELETE") return res.writeHead(204).end();
    res.writeHead(200, { "Content-Type": r.path.endsWith("/raw") ? "message/rfc822" : "text/plain" });
    res.end(r.path.endsWith("/raw") ? Buffer.from([0x53, 0x75, 0xff]) : "zone text");
  }, async (server, client) => {
    await client().threads.search("from:alice has:attachment", { limit: 5 }).firstPage().catch(() => {});
    assert.equal(server.requests[0].query.get("q"), "from:alice has:attachment");
    assert.equal(await client().domains.zone("example.org"), "zone text");
    assert.deepEqual([...(await client().messages.raw("m1"))], [0x53, 0x75, 0xff]);
    assert.ok((await client().messages.attachment("m1", "a1")) instanceof Uint8Array);
    assert.equal(await client().messages.attachment("m1", "a1", { format: "text" }), "zone text");
    await client().suppressions.delete("a+b@example.org");
    assert.equal(server.requests.at(-1).path, "/v1/suppressions/a%2Bb%40example.org");
  });
});

test("attachments from bytes, ArrayBuffer, Blob, base64 text and a file path go out as base64", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mailroom-sdk-"));
  const file = join(dir, "report.pdf");
  await writeFile(file, Buffer.from("%PDF-1.4 tiny"));
  await withServer((r, res) => json(res, 202, { id: "1" }), async (server, client) => {
    await client().emails.send({
      from: "a@x", to: ["b@y"], subject: "s", text: "t",
      attachments: [
        { filename: "a.txt", content: new TextEncoder().encode("hello") },
        { filename: "b.bin", content: new Uint8Array([0, 1, 255]).buffer },
        { content: new FileCtor(["<b>x</b>"], "c.html", { type: "text/html" }) },
        { filename: "d.png", content: "iVBORw0KGgo=", content_id: "logo" },
        { path: file },
      ],
    });
    const sent = JSON.parse(server.requests[0].body).attachments;
    assert.deepEqual(sent[0], { filename: "a.txt", content_type: "text/plain", content: "aGVsbG8=" });
    assert.deepEqual(sent[1], { filename: "b.bin", content_type: "application/octet-stream", content: "AAH/" });
    assert.deepEqual(sent[2], { filename: "c.html", content_type: "text/html", content: Buffer.from("<b>x</b>").toString("base64") });
    assert.deepEqual(sent[3], { filename: "d.png", content_type: "image/png", content: "iVBORw0KGgo=", content_id: "logo" });
    assert.deepEqual(sent[4], { filename: "report.pdf", content_type: "application/pdf", content: Buffer.from("%PDF-1.4 tiny").toString("base64") });
  });
});

test("agents.messages is one long poll; waitForReply uses the cursor and returns null at the timeout", async () => {
  let calls = 0;
  await withServer((r, res) => {
    calls++;
    // First poll (no after): nothing yet, cursor 41. Second (after=41): the answer.
    if (!r.query.get("after")) return setTimeout(() => json(res, 200, { messages: [], cursor: 41 }), 50);
    json(res, 200, { messages: [{ seq: 42, agent: "Echo/t1", message: { id: "h1", thread_id: "th", subject: "Re: hi", text: "hi", direction: "in", from: { address: "a@x" } } }], cursor: 42 });
  }, async (server, client) => {
    const msg = await client().agents.waitForReply("Echo", "t1", { timeoutSeconds: 10 });
    assert.equal(msg.subject, "Re: hi");
    assert.equal(msg.thread_id, "th");
    assert.equal(msg.seq, 42);
    assert.equal(msg.agent, "Echo/t1");
    assert.equal(server.requests[0].path, "/v1/agents/Echo/instances/t1/messages");
    assert.equal(server.requests[0].query.get("direction"), "in");
    assert.match(server.requests[0].query.get("wait"), /^\d+ms$|^\d+s$/);
    assert.equal(server.requests[1].query.get("after"), "41");
    const page = await client().agents.messages("Echo", "t1", { after: 3, wait: 0, direction: "out" });
    assert.equal(page.cursor, 42);
    assert.equal(server.requests[2].query.get("wait"), "0s");
  });
  await withServer((r, res) => {
    const ms = Number(/^(\d+)ms$/.exec(r.query.get("wait"))?.[1] ?? Number(r.query.get("wait").replace("s", "")) * 1000);
    setTimeout(() => json(res, 200, { messages: [], cursor: 7 }), Math.min(ms, 2000));
  }, async (server, client) => {
    const started = Date.now();
    assert.equal(await client().agents.waitForReply("Echo", "t1", { after: 5, timeoutSeconds: 1 }), null);
    assert.ok(Date.now() - started < 2500);
    assert.equal(server.requests[0].query.get("after"), "5");
  });
});
