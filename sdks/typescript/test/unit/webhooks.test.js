// Webhook verification, both kinds, against vectors computed independently with Python's hmac:
//   key = bytes(range(32)); secret = "whsec_" + base64(key)
//   base64(hmac.new(key, b"msg_1.1796673600." + STD_BODY, sha256).digest())
//   hmac.new(b"agent-secret-0123456789", b"1796673600." + AGENT_BODY, sha256).hexdigest()
// (1796673600 = 2026-12-07T20:00:00Z.)
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  WebhookVerificationError, signAgentWebhook, signStandardWebhook, verifyWebhook,
} from "../../src/index.js";

const NOW = 1796673600 * 1000;
const STD_SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const STD_BODY = '{"type":"email.delivered","timestamp":"2026-12-07T20:00:00Z","data":{"id":"snd_1"}}';
const STD_SIG = "v1,9kPF5pjJpWJfO49/9znf4aLylo2lw7F9LFdOd9dQv10=";
const AGENT_SECRET = "agent-secret-0123456789";
const AGENT_BODY = '{"v":1,"event":"email","id":"r-1.0","agent":{"class_name":"Echo","instance":"t1"},'
  + '"email":{"message":{"subject":"hi","text":"hello"}},"thread_id":"th1","state":{},"history":[]}';
const AGENT_SIG = "sha256=67c0038afe57cb68f696d51cab02327c1a0ade3a5f174c0c80cd9312ef192264";

const std = (extra = {}) => ({ "webhook-id": "msg_1", "webhook-timestamp": "1796673600", "webhook-signature": STD_SIG, ...extra });
const agent = (extra = {}) => ({ "X-Mailroom-Timestamp": "1796673600", "X-Mailroom-Signature": AGENT_SIG, "X-Mailroom-Delivery": "r-1.0", ...extra });

async function refused(promise, reason) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof WebhookVerificationError, `${e}`);
    assert.equal(e.reason, reason, e.message);
    return true;
  });
}

test("signing reproduces the Python vectors", async () => {
  assert.equal(await signStandardWebhook(STD_SECRET, "msg_1", 1796673600, STD_BODY), STD_SIG);
  assert.equal(await signAgentWebhook(AGENT_SECRET, "1796673600", AGENT_BODY), AGENT_SIG);
});

test("an event webhook verifies and decodes (string, bytes, Headers, any header case)", async () => {
  const event = await verifyWebhook(STD_BODY, std(), STD_SECRET, { now: NOW });
  assert.equal(event.data.id, "snd_1");
  const bytes = new TextEncoder().encode(STD_BODY);
  assert.equal((await verifyWebhook(bytes, new Headers(std()), STD_SECRET, { now: NOW })).type, "email.delivered");
  const upper = { "Webhook-Id": "msg_1", "WEBHOOK-TIMESTAMP": "1796673600", "Webhook-Signature": STD_SIG };
  assert.equal((await verifyWebhook(bytes.buffer, upper, STD_SECRET, { now: NOW })).type, "email.delivered");
});

test("an event webhook signed by two secrets (a rotation) verifies with either", async () => {
  const other = "whsec_" + Buffer.alloc(32, 7).toString("base64");
  const sig = `${await signStandardWebhook(other, "msg_1", 1796673600, STD_BODY)} ${STD_SIG}`;
  assert.ok(await verifyWebhook(STD_BODY, std({ "webhook-signature": sig }), STD_SECRET, { now: NOW }));
  assert.ok(await verifyWebhook(STD_BODY, std({ "webhook-signature": sig }), other, { now: NOW }));
});

test("an event webhook tampered, with another secret or id, or old, is refused", async () => {
  await refused(verifyWebhook(STD_BODY.replace("snd_1", "snd_2"), std(), STD_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(STD_BODY, std(), "whsec_" + Buffer.alloc(32, 1).toString("base64"), { now: NOW }), "bad-signature");
  await refused(verifyWebhook(STD_BODY, std({ "webhook-id": "msg_2" }), STD_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(STD_BODY, std(), STD_SECRET, { now: NOW + 301_000 }), "timestamp-out-of-tolerance");
  await refused(verifyWebhook(STD_BODY, std(), STD_SECRET, { now: NOW - 301_000 }), "timestamp-out-of-tolerance");
  assert.ok(await verifyWebhook(STD_BODY, std(), STD_SECRET, { now: NOW + 299_000 }));
  assert.ok(await verifyWebhook(STD_BODY, std(), STD_SECRET, { now: NOW + 3_000_000, tolerance: 3600 }));
  await refused(verifyWebhook(STD_BODY, std({ "webhook-signature": "v2,abc" }), STD_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(STD_BODY, std({ "webhook-timestamp": "soon" }), STD_SECRET, { now: NOW }), "bad-timestamp");
  const { "webhook-id": _, ...noId } = std();
  await refused(verifyWebhook(STD_BODY, noId, STD_SECRET, { now: NOW }), "missing-headers");
  await refused(verifyWebhook(STD_BODY, {}, STD_SECRET, { now: NOW }), "missing-headers");
});

test("an agent webhook verifies and decodes", async () => {
  const event = await verifyWebhook(AGENT_BODY, agent(), AGENT_SECRET, { now: NOW });
  assert.equal(event.agent.class_name, "Echo");
  assert.equal(event.email.message.subject, "hi");
  const lower = Object.fromEntries(Object.entries(agent()).map(([k, v]) => [k.toLowerCase(), v]));
  assert.ok(await verifyWebhook(Buffer.from(AGENT_BODY), lower, AGENT_SECRET, { now: NOW }));
});

test("an agent webhook tampered, with another secret, malformed or old, is refused", async () => {
  await refused(verifyWebhook(AGENT_BODY.replace("hello", "hullo"), agent(), AGENT_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(AGENT_BODY, agent(), "another-secret-0123456", { now: NOW }), "bad-signature");
  await refused(verifyWebhook(AGENT_BODY, agent({ "X-Mailroom-Signature": AGENT_SIG.slice(7) }), AGENT_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(AGENT_BODY, agent({ "X-Mailroom-Signature": "sha256=zz" }), AGENT_SECRET, { now: NOW }), "bad-signature");
  await refused(verifyWebhook(AGENT_BODY, agent({ "X-Mailroom-Timestamp": "1796673000" }), AGENT_SECRET, { now: NOW }), "timestamp-out-of-tolerance");
  await refused(verifyWebhook(AGENT_BODY, agent({ "X-Mailroom-Timestamp": "1796673601" }), AGENT_SECRET, { now: NOW }), "bad-signature");
});

test("a well-signed body that is not JSON is malformed, not forged", async () => {
  const sig = await signAgentWebhook(AGENT_SECRET, "1796673600", "not json");
  await refused(verifyWebhook("not json", agent({ "X-Mailroom-Signature": sig }), AGENT_SECRET, { now: NOW }), "malformed-body");
});
