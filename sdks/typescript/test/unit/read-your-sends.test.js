// Read your own sends: a read of an id this client's own send was given retries the 404 the api answers until the
// mailbox has filed the send; any other id, or with `readYourSends: false`, answers its 404 at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Mailroom, NotFoundError } from "../../src/index.js";
import { RecentSends } from "../../src/sends.js";
import { json, startRecorder } from "./recorder.js";

const notFound = (res) => json(res, 404, { type: "about:blank", title: "Not Found", status: 404, detail: "no such message" });

/** POST /v1/send* answers ids; a GET of a message answers 404 the first `misses` times, then 200. */
function mailbox(misses = 2) {
  const gets = new Map();
  return (r, res) => {
    if (r.method === "POST" && r.path === "/v1/send") return json(res, 202, { id: "snd_1", message_id: "<1@x>" });
    if (r.method === "POST" && r.path === "/v1/send/batch") return json(res, 202, { ids: ["b1", "b2"], message_ids: ["<b1@x>", "<b2@x>"] });
    if (r.method === "POST" && r.path.endsWith("/reply")) return json(res, 202, { id: "rep_1", status: "queued", message_id: "<r@x>" });
    if (r.method === "POST" && r.path.endsWith("/send")) return json(res, 202, { id: "ag_1", status: "queued", message_id: "<a@x>" });
    const m = /^\/v1\/messages\/([^/]+)(\/raw|\/body)?$/.exec(r.path);
    if (r.method === "GET" && m) {
      const n = (gets.get(r.path) ?? 0) + 1;
      gets.set(r.path, n);
      if (n <= misses) return notFound(res);
      if (m[2] === "/raw") return res.writeHead(200, { "Content-Type": "message/rfc822" }).end("Subject: s\r\n\r\nhi");
      if (m[2] === "/body") return res.writeHead(200, { "Content-Type": "text/html" }).end("<p>hi</p>");
      return json(res, 200, { id: m[1], status: "queued", attempts: [] });
    }
    return json(res, 500, { title: "unexpected" });
  };
}

async function withServer(answer, fn) {
  const server = await startRecorder(answer);
  try {
    await fn(server, (opts = {}) => new Mailroom({ apiKey: "mr_test", baseUrl: server.baseUrl, ...opts }));
  } finally {
    await server.close();
  }
}

const getsOf = (server, path) => server.requests.filter((r) => r.method === "GET" && r.path === path).length;

test("emails.get of an id just sent retries the 404 until the mailbox has it", async () => {
  await withServer(mailbox(2), async (server, client) => {
    const mr = client();
    const sent = await mr.emails.send({ from: "a@agents.localhost", to: ["b@example.org"], subject: "s", text: "t" });
    const started = Date.now();
    const status = await mr.emails.get(sent.id);
    assert.equal(status.id, "snd_1");
    assert.equal(status.status, "queued");
    assert.equal(getsOf(server, "/v1/messages/snd_1"), 3, "two 404s, then the 200");
    assert.ok(Date.now() - started >= 250, "100 ms then 200 ms of backoff");
  });
});

test("messages.get/raw/body of ids from sendBatch, reply and agents.send retry too", async () => {
  await withServer(mailbox(1), async (server, client) => {
    const mr = client();
    await mr.emails.sendBatch([{ from: "a@x", to: ["b@y"] }, { from: "a@x", to: ["c@y"] }]);
    const reply = await mr.emails.reply("orig", { text: "r" });
    const agent = await mr.agents.send("Echo", "t1", { to: ["b@y"], subject: "s", text: "t" });
    assert.equal((await mr.messages.get("b2")).id, "b2");
    assert.equal(new TextDecoder().decode(await mr.messages.raw("b1")), "Subject: s\r\n\r\nhi");
    assert.equal(await mr.messages.body(reply.id), "<p>hi</p>");
    assert.equal((await mr.emails.get(agent.id)).id, "ag_1");
    for (const p of ["/v1/messages/b2", "/v1/messages/b1/raw", "/v1/messages/rep_1/body", "/v1/messages/ag_1"]) {
      assert.equal(getsOf(server, p), 2, p);
    }
  });
});

test("an id never sent by this client answers its 404 at once (while its own send is waited for)", async () => {
  await withServer(mailbox(2), async (server, client) => {
    const mr = client();
    const sent = await mr.emails.send({ from: "a@x", to: ["b@y"] });
    const started = Date.now();
    await assert.rejects(mr.emails.get("someone_elses"), NotFoundError);
    assert.ok(Date.now() - started < 100, "no backoff");
    assert.equal(getsOf(server, "/v1/messages/someone_elses"), 1);
    assert.equal((await mr.emails.get(sent.id)).id, sent.id);
    assert.equal(getsOf(server, "/v1/messages/snd_1"), 3);
  });
});

test("readYourSends: false answers the 404 of an id just sent at once (the default waits)", async () => {
  await withServer(mailbox(2), async (server, client) => {
    const off = client({ readYourSends: false });
    const sent = await off.emails.send({ from: "a@x", to: ["b@y"] });
    await assert.rejects(off.emails.get(sent.id), NotFoundError);
    assert.equal(getsOf(server, "/v1/messages/snd_1"), 1);
    const on = client();
    const again = await on.emails.send({ from: "a@x", to: ["b@y"] });
    assert.equal((await on.emails.get(again.id)).id, "snd_1");
    assert.equal(getsOf(server, "/v1/messages/snd_1"), 3, "one more 404, then the 200");
  });
});

test("a send that never gets filed: the 404 after the time allowed (bounded by timeoutSeconds)", async () => {
  await withServer(mailbox(1000), async (server, client) => {
    const mr = client({ timeoutSeconds: 0.5 });
    const sent = await mr.emails.send({ from: "a@x", to: ["b@y"] });
    const started = Date.now();
    await assert.rejects(mr.emails.get(sent.id), NotFoundError);
    const took = Date.now() - started;
    assert.ok(took >= 450 && took < 2000, `took ${took} ms`);
    assert.ok(getsOf(server, "/v1/messages/snd_1") >= 3);
  });
});

test("the caller's signal ends the wait", async () => {
  await withServer(mailbox(1000), async (server, client) => {
    const mr = client();
    const sent = await mr.emails.send({ from: "a@x", to: ["b@y"] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("enough")), 250);
    await assert.rejects(mr.emails.get(sent.id, { signal: controller.signal }), /enough/);
  });
});

test("RecentSends forgets after 60 s and keeps the newest 1,000", () => {
  let now = 0;
  const s = new RecentSends({ now: () => now });
  s.remember("a");
  now = 59_000;
  s.remember(["b", undefined, ""]);
  assert.ok(s.has("a") && s.has("b"));
  now = 60_001;
  assert.ok(!s.has("a") && s.has("b"));
  for (let i = 0; i < 1000; i++) s.remember(`n${i}`);
  assert.ok(!s.has("b") && s.has("n0") && s.has("n999"));
  assert.equal(s.ids.size, 1000);
});
