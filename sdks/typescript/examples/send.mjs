// Sends a message (with files attached, if given) and follows its delivery.
// Run: MAILROOM_API_KEY=... node send.mjs <to> [file ...]
import { ApiError, Mailroom } from "@mailroom/sdk";

const [to = "someone@example.org", ...files] = process.argv.slice(2);
const mr = new Mailroom(); // MAILROOM_API_KEY, MAILROOM_BASE_URL

try {
  const sent = await mr.emails.send({
    from: process.env.MAILROOM_FROM ?? "app@agents.localhost",
    to: [to],
    subject: `A message with ${files.length} attachment(s)`,
    text: "Hello!\n\nSee the attachments.",
    html: "<p>Hello!</p><p>See the attachments.</p>",
    attachments: files.map((path) => ({ path })), // or { filename, content: Uint8Array | Blob }
  });
  console.log(`accepted: ${sent.id} ${sent.message_id}`);
  for (let i = 0; i < 30; i++) {
    const m = await mr.emails.get(sent.id);
    console.log(`status: ${m.status}`, (m.attempts ?? []).map((a) => `${a.recipient} ${a.outcome} ${a.reply ?? ""}`).join("; "));
    if (!["queued", "deferred"].includes(m.status)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
} catch (e) {
  if (e instanceof ApiError) {
    console.error(`${e.status} ${e.title}: ${e.detail ?? ""}`);
    for (const f of e.errors) console.error(`  ${f.field}: ${f.detail}`);
    process.exit(1);
  }
  throw e;
}
