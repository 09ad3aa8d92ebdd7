// The quickstart (README): send, read its status, wait for the next message to an agent instance.
// Run: MAILROOM_API_KEY=... MAILROOM_BASE_URL=http://127.0.0.1:8080 node quickstart.mjs
import { Mailroom, verifyWebhook } from "@mailroom/sdk";

const apiKey = process.env.MAILROOM_API_KEY;
const baseUrl = process.env.MAILROOM_BASE_URL ?? "http://127.0.0.1:8080";
const from = process.env.MAILROOM_FROM ?? "app@agents.localhost";
const to = process.env.MAILROOM_TO ?? "someone@example.org";
const subject = "Hello from Mailroom";
const text = "Sent with @mailroom/sdk.";

const mr = new Mailroom({ apiKey, baseUrl });
const sent = await mr.emails.send({ from, to: [to], subject, text });     // sent.id
console.log("sent", sent.id, sent.message_id);
const status = await mr.emails.get(sent.id);                              // status.status
console.log("status", status.status);
const msg = await mr.agents.waitForReply("Echo", "t1", { timeoutSeconds: 30 }); // next message to that instance
console.log(msg ? `Echo/t1 got "${msg.subject}" from ${msg.from?.address} (thread ${msg.thread_id})` : "no message to Echo/t1 within 30 s");
console.log(typeof verifyWebhook === "function" ? "verifyWebhook is ready for your webhook endpoint" : "");
