// The README's quickstart is examples/quickstart.mjs, and the echo agent example answers a signed event as a process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { test } from "node:test";
import { signAgentWebhook } from "../../src/index.js";

const here = (p) => new URL(`../../${p}`, import.meta.url);

test("the README quickstart is examples/quickstart.mjs, as it runs", async () => {
  const readme = await readFile(here("README.md"), "utf8");
  const block = /## Quickstart[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "no js block under ## Quickstart");
  const example = (await readFile(here("examples/quickstart.mjs"), "utf8")).replace(/^(\/\/.*\n)+/, "");
  assert.equal(block, example);
});

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

test("examples/echo-agent.mjs answers a signed email event and refuses a forged one", { timeout: 20_000 }, async () => {
  const port = await freePort();
  const secret = "example-secret-0123456789";
  const child = spawn(process.execPath, [here("examples/echo-agent.mjs").pathname], {
    env: { PATH: process.env.PATH, AGENT_SECRET: secret, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on("data", (d) => d.toString().includes("listening") && resolve());
      child.on("exit", (code) => reject(new Error(`echo-agent exited with ${code}`)));
    });
    const body = JSON.stringify({ v: 1, event: "email", id: "r1", agent: { class_name: "Echo2", instance: "t1" },
      email: { message: { subject: "Hi", text: "hello there" } }, state: { count: 4 }, history: [] });
    const ts = String(Math.floor(Date.now() / 1000));
    const url = `http://127.0.0.1:${port}/agent`;
    const headers = { "X-Mailroom-Timestamp": ts, "X-Mailroom-Signature": await signAgentWebhook(secret, ts, body) };
    const res = await fetch(url, { method: "POST", headers, body });
    assert.equal(res.status, 200);
    const answer = await res.json();
    assert.deepEqual(answer.state, { count: 5 });
    assert.match(answer.replies[0].text, /^Echo #5 from Echo2\/t1:\n\nhello there$/);
    const forged = await fetch(url, { method: "POST", headers, body: body.replace("hello", "jello") });
    assert.equal(forged.status, 401);
  } finally {
    child.kill();
  }
});
