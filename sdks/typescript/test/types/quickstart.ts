// The README's quickstart and the other main shapes, type-checked with `tsc --noEmit --strict` (npm run typecheck).
import {
  ApiError, Mailroom, RateLimitError, WebhookVerificationError, agentHandler, handleAgentWebhook, verifyWebhook,
  type AgentAnswer, type AgentEvent, type CustomerEvent, type MailMessage, type SendAccepted, type WaitedReply,
} from "@mailroom/sdk";

declare const process: { env: Record<string, string | undefined> };

const apiKey = process.env.MAILROOM_API_KEY;
const baseUrl = process.env.MAILROOM_BASE_URL ?? "http://127.0.0.1:8080";
const from = "app@agents.localhost";
const to = "someone@example.org";
const subject = "Hello from Mailroom";
const text = "It works.";

const mr = new Mailroom({ apiKey, baseUrl });
const sent: SendAccepted = await mr.emails.send({ from, to: [to], subject, text });     // sent.id
const status: MailMessage = await mr.emails.get(sent.id);                              // status.status
const msg = await mr.agents.waitForReply("Echo", "t1", { timeoutSeconds: 30 }); // next message to that instance
const maybe: WaitedReply | null = msg;
if (msg) {
  const s: string | undefined = msg.subject;
  const seq: number = msg.seq;
  console.log(s, seq, msg.thread_id, msg.text, msg.from?.address);
}
console.log(sent.id, status.status, maybe);

// Options, attachments, batch.
await mr.emails.send({
  from, to: [to], subject, text,
  attachments: [{ filename: "a.txt", content: new Uint8Array([104, 105]) }, { path: "./report.pdf" }, { content: new Blob(["x"]) }],
}, { idempotencyKey: "order-42", timeoutSeconds: 10 });
const batch = await mr.emails.sendBatch([{ from, to: [to], subject, text }], "batch-1");
console.log(batch.ids.length);

// Pagination and streams.
for await (const mailbox of mr.mailboxes.list({ limit: 10 })) console.log(mailbox.address);
const page = await mr.apiKeys.list({ limit: 1 }).firstPage();
console.log(page.items[0]?.id, page.next_page_token);
for await (const event of mr.events.stream({ types: ["email.delivered"] })) {
  const e: CustomerEvent = event;
  console.log(e.type, e.data);
  break;
}
for await (const w of mr.agents.streamMessages("Echo", "t1", { after: 0 })) {
  console.log(w.seq, w.message.subject);
  break;
}
const drafts = await mr.drafts.list({ class: "Drafter", status: "pending" }).toArray();
if (drafts[0]) await mr.drafts.approve(drafts[0].id, { text: "edited" });
const raw: Uint8Array = await mr.messages.raw(sent.id);
const extracted: string = await mr.messages.attachment(sent.id, "att1", { format: "text" });
const zone: string = await mr.domains.zone("agents.localhost");
console.log(raw.length, extracted, zone);

// Errors.
try {
  await mr.threads.get("nope");
} catch (e) {
  if (e instanceof RateLimitError) console.log(e.retryAfter);
  else if (e instanceof ApiError) console.log(e.status, e.type, e.detail, e.errors.map((f) => f.field));
}

// Webhooks and the agent handler.
const body = "{}";
try {
  const event = await verifyWebhook<CustomerEvent>(body, new Headers(), "whsec_...");
  console.log(event.type);
} catch (e) {
  if (e instanceof WebhookVerificationError) console.log(e.reason);
}
const echo = (event: AgentEvent): AgentAnswer | undefined =>
  event.event === "email" ? { replies: [{ text: `You wrote: ${event.email?.message.text ?? ""}` }] } : undefined;
const answer = await handleAgentWebhook(body, { "x-mailroom-signature": "sha256=00" }, "secret", echo);
console.log(answer.status, answer.body);
const listener: (req: any, res: any) => Promise<void> = agentHandler("secret", echo);
console.log(listener);
