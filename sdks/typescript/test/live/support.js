// What the live tests share: the environment (MAILROOM_LIVE=1 and the rest, see README "Tests"), plain SMTP over
// node:net, and the smarthost's sink folder (Postfix smtp-sink writes one file per delivered message).
import { readdir, readFile, stat } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";

export const LIVE = process.env.MAILROOM_LIVE === "1";
export const SKIP = LIVE ? false : "MAILROOM_LIVE is not 1: the live suite needs a running stack (see README, Tests)";
if (!LIVE) console.log(`live tests skipped: ${SKIP}`);

export const env = {
  baseUrl: process.env.MAILROOM_BASE_URL,
  apiKey: process.env.MAILROOM_API_KEY,
  smtp: process.env.MAILROOM_SMTP ?? "127.0.0.1:2525",
  sinkDir: process.env.MAILROOM_SINK_DIR,
  domain: process.env.MAILROOM_DOMAIN ?? "agents.localhost",
  run: (process.env.MAILROOM_RUN ?? `run${Date.now()}`).toLowerCase(),
};

/** Sends one plain-text message by SMTP; resolves with the final reply, rejects on any unexpected code. */
export function smtpSend({ from, to, subject, text, messageId }) {
  const [host, port] = env.smtp.split(":");
  const message = [
    `From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: <${messageId ?? `${Date.now()}.${Math.random().toString(36).slice(2)}@sdk-ts.example`}>`,
    `Date: ${new Date().toUTCString()}`, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", text,
  ].join("\r\n").replace(/^\./gm, "..");
  const steps = [
    [null, "220"], ["EHLO sdk-ts.example", "250"], [`MAIL FROM:<${from}>`, "250"], [`RCPT TO:<${to}>`, "250"],
    ["DATA", "354"], [`${message}\r\n.`, "250"], ["QUIT", "221"],
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    socket.setTimeout(30_000, () => socket.destroy(new Error("SMTP timeout")));
    let buffer = "";
    let step = 0;
    let last = "";
    const next = () => {
      const [line] = steps[step] ?? [];
      if (line !== null && line !== undefined) socket.write(`${line}\r\n`);
    };
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let nl;
      while ((nl = buffer.indexOf("\r\n")) >= 0) {
        const reply = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (/^\d{3}-/.test(reply)) continue; // a multi-line reply goes on
        const expected = steps[step][1];
        if (!reply.startsWith(expected)) {
          socket.destroy();
          return reject(new Error(`SMTP ${steps[step][0] ?? "greeting"} → ${reply} (expected ${expected})`));
        }
        last = reply;
        step++;
        if (step === steps.length) {
          socket.end();
          return resolve(last);
        }
        next();
      }
    });
    socket.on("error", reject);
  });
}

/** SMTP, repeated while the recipient is refused (an agent class created a moment ago reaches ingress in seconds). */
export async function smtpSendWhenAccepted(params, seconds = 30) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await smtpSend(params);
    } catch (e) {
      if (Date.now() > end || !/RCPT/.test(e.message)) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The first message in the sink containing every marker, waiting up to `seconds`. */
export async function sinkMessage(markers, seconds = 90) {
  const end = Date.now() + seconds * 1000;
  const seen = new Set();
  for (;;) {
    for (const name of await readdir(env.sinkDir)) {
      if (seen.has(name)) continue;
      let text;
      let old;
      try {
        old = Date.now() - (await stat(join(env.sinkDir, name))).mtimeMs > 10_000;
        text = await readFile(join(env.sinkDir, name), "utf8");
      } catch {
        continue; // gone or being written
      }
      if (markers.every((m) => text.includes(m))) return text;
      if (old) seen.add(name); // complete for sure: never read it again
    }
    if (Date.now() > end) throw new Error(`no message in ${env.sinkDir} with ${JSON.stringify(markers)} after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Polls `fn` until it answers something truthy. */
export async function eventually(fn, seconds = 60, what = "the condition") {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} did not hold within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
