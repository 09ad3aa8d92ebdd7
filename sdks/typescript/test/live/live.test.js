// The live suite: the SDK against a running stack (MAILROOM_LIVE=1 and the environment in support.js).
// Every name carries MAILROOM_RUN so runs of several SDKs at once never see each other's mail.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { Mailroom, RateLimitError, WebhookVerificationError, agentHandler, verifyWebhook } from "../../src/index.js";
import { SKIP, env, eventually, sinkMessage, smtpSend, smtpSendWhenAccepted } from "./support.js";

const LANG = "ts";
const instance = `${env.run}-${LANG}`;
const from = `app@${env.domain}`;

/** A local HTTP server on 127.0.0.1 with `handler`; resolves with its URL and a close(). */
async function serve(handler) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

describe("live", { skip: SKIP, concurrency: true }, () => {
  let mr;
  before(() => {
    mr = new Mailroom({ apiKey: env.apiKey, baseUrl: env.baseUrl });
  });

  test("send: emails.get reaches delivered and the sink has the message", async () => {
    const subject = `sdk-${LANG} send ${env.run}`;
    const sent = await mr.emails.send({ from, to: [`someone-${env.run}@example.org`], subject, text: `hello from the ${LANG} SDK` });
    assert.ok(sent.id, JSON.stringify(sent));
    const status = await eventually(async () => {
      const m = await mr.emails.get(sent.id);
      // "delivered": the recipient's server took it; "sent": relayed to the smarthost (the test stacks' smtp-sink)
      return m.status === "delivered" || m.status === "sent" ? m : null;
    }, 90, `${sent.id} delivered`);
    assert.ok(status.attempts?.some((a) => /^250/.test(a.reply ?? "")), JSON.stringify(status.attempts));
    const message = await sinkMessage([`Subject: ${subject}`]);
    assert.match(message, new RegExp(`hello from the ${LANG} SDK`));
  });

  test("SMTP to Echo: waitForReply returns the agent's answer", async () => {
    const subject = `sdk-${LANG} echo ${env.run}`;
    await smtpSend({ from: `tester-${env.run}@example.org`, to: `echo+${instance}@${env.domain}`, subject, text: "ping" });
    const reply = await mr.agents.waitForReply("Echo", instance, { after: 0, direction: "out", timeoutSeconds: 90 });
    assert.ok(reply, "no answer within 90 s");
    assert.equal(reply.subject, `Re: ${subject}`);
    assert.ok(reply.thread_id);
    assert.equal(reply.direction, "out");
    assert.ok(typeof reply.seq === "number");
    // Nothing newer: null at the timeout, not an error.
    assert.equal(await mr.agents.waitForReply("Echo", instance, { after: reply.seq, direction: "out", timeoutSeconds: 2 }), null);
  });

  test("SMTP to Drafter: the draft is listed, approved with an edit, and the edited text is sent", async () => {
    const subject = `sdk-${LANG} draft ${env.run}`;
    await smtpSend({ from: `tester-${env.run}@example.org`, to: `drafter+${instance}@${env.domain}`, subject, text: "please answer" });
    const draft = await eventually(async () => {
      for await (const d of mr.drafts.list({ class: "Drafter", instance, status: "pending" })) return d;
      return null;
    }, 90, "the Drafter's draft");
    assert.equal(draft.status, "pending");
    const edited = `edited by the ${LANG} sdk ${env.run}`;
    await mr.drafts.approve(draft.id, { text: edited });
    assert.equal((await mr.drafts.get(draft.id)).status, "approved");
    const message = await sinkMessage([edited]);
    assert.match(message, new RegExp(`Subject: Re: ${subject}`));
  });

  test("an event webhook delivery verifies; tampered, it is refused", async () => {
    const deliveries = [];
    const hook = await serve(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      deliveries.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(204).end();
    });
    const created = await mr.webhooks.create({ url: `${hook.url}/events`, event_types: ["message.sent", "message.delivered"], description: `sdk-${LANG} ${env.run}` });
    try {
      assert.match(created.secret, /^whsec_/);
      const sent = await mr.emails.send({ from, to: [`hook-${env.run}@example.org`], subject: `sdk-${LANG} hook ${env.run}`, text: "webhook" });
      const mine = await eventually(async () => {
        for (const d of deliveries) {
          const event = await verifyWebhook(d.body, d.headers, created.secret); // every delivery verifies
          if (JSON.stringify(event).includes(sent.id)) return { d, event };
        }
        return null;
      }, 90, `a webhook delivery naming ${sent.id}`);
      assert.match(mine.event.type, /^message\./);
      const tampered = Buffer.from(mine.d.body.toString("utf8").replace(sent.id, `${sent.id}x`));
      await assert.rejects(verifyWebhook(tampered, mine.d.headers, created.secret),
        (e) => e instanceof WebhookVerificationError && e.reason === "bad-signature");
      const wrongSecret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
      await assert.rejects(verifyWebhook(mine.d.body, mine.d.headers, wrongSecret), WebhookVerificationError);
    } finally {
      await mr.webhooks.delete(created.id);
      await hook.close();
    }
  });

  test("the example agent: a webhook class running agentHandler answers SMTP mail", async () => {
    const secret = `sdk-${LANG}-secret-${env.run}`;
    const name = `TsEcho${env.run.replace(/[^A-Za-z0-9]/g, "")}`;
    const address = `${LANG}echo-${env.run}`;
    const calls = [];
    const agent = await serve(agentHandler(secret, (event) => {
      calls.push(event);
      if (event.event !== "email") return;
      return { replies: [{ text: `${LANG} sdk agent ${event.agent.instance} got: ${event.email.message.subject}` }] };
    }));
    await mr.agents.create({ name, address, webhook: { url: `${agent.url}/agent`, secret, timeout: "10s" } });
    try {
      const subject = `sdk-${LANG} agent ${env.run}`;
      await smtpSendWhenAccepted({ from: `tester-${env.run}@example.org`, to: `${address}+t1@${env.domain}`, subject, text: "hi agent" });
      const message = await sinkMessage([`${LANG} sdk agent t1 got: ${subject}`]);
      assert.match(message, new RegExp(`Subject: Re: ${subject}`));
      assert.equal(calls[0].agent.class_name, name);
    } finally {
      await mr.agents.delete(name);
      await agent.close();
    }
  });

  test("the event stream yields the events of a send", async () => {
    const controller = new AbortController();
    const stream = mr.events.stream({ types: ["message.sent", "message.delivered"], domain: env.domain }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const firstEvent = iterator.next(); // connects
    await new Promise((r) => setTimeout(r, 1500)); // the stream starts "now": let it open before sending
    const sent = await mr.emails.send({ from, to: [`stream-${env.run}@example.org`], subject: `sdk-${LANG} stream ${env.run}`, text: "stream" });
    const timer = setTimeout(() => controller.abort(new Error("no event naming the send within 60 s")), 60_000);
    try {
      let next = await firstEvent;
      while (!next.done && !JSON.stringify(next.value).includes(sent.id)) next = await iterator.next();
      assert.ok(!next.done);
      assert.match(next.value.type, /^message\./);
      assert.match(stream.lastEventId, /^\d+$/);
    } finally {
      clearTimeout(timer);
      await iterator.return();
    }
  });

  test("pagination: limit 1 walks more than one page", async () => {
    // Mailboxes exist once mail went through (app@, each agent instance's); make sure of two.
    await mr.emails.send({ from: `pages-${env.run}@${env.domain}`, to: [`pages-${env.run}@example.org`], subject: `sdk-${LANG} pages ${env.run}`, text: "pages" });
    const first = await eventually(async () => {
      const page = await mr.mailboxes.list({ limit: 1 }).firstPage();
      return page.next_page_token ? page : null;
    }, 30, "a second page of mailboxes");
    assert.equal(first.items.length, 1);
    let pages = 0;
    const ids = [];
    for await (const page of mr.mailboxes.list({ limit: 1 }).pages()) {
      pages++;
      assert.ok(page.items.length <= 1);
      ids.push(...page.items.map((m) => m.id));
    }
    assert.ok(pages >= 2, `${pages} pages`);
    assert.equal(new Set(ids).size, ids.length, "no mailbox twice");
    const walked = [];
    for await (const m of mr.mailboxes.list({ limit: 1 })) walked.push(m.id);
    assert.ok(walked.length >= 2 && new Set(walked).size === walked.length, "the item iterator walks the pages too");
  });

  test("a 429 is retried after Retry-After and then succeeds", { timeout: 150_000 }, async () => {
    const key = await mr.apiKeys.create({ name: `sdk-${LANG}-rate-${env.run}`, permissions: ["read"], domains: [env.domain], rate_per_minute: 1 });
    try {
      const retries = [];
      const limited = new Mailroom({ apiKey: key.token, baseUrl: env.baseUrl, maxRetries: 3, onRetry: (r) => retries.push(r) });
      await limited.mailboxes.list().firstPage();
      await limited.mailboxes.list().firstPage(); // 429 with Retry-After, then success
      assert.ok(retries.length >= 1, "no retry happened");
      assert.equal(retries[0].status, 429);
      assert.ok(retries[0].error instanceof RateLimitError);
      assert.ok(retries[0].error.retryAfter > 0, "Retry-After was given");
    } finally {
      await mr.apiKeys.revoke(key.id);
    }
  });
});
