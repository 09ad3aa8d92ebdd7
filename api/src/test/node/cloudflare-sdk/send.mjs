// Sends one message with the official `cloudflare` npm SDK, pointed at Mailroom's api instead of
// api.cloudflare.com: only the base URL and the token change, which is what the compatibility promises.
//
// Usage (flags win over the environment):
//   node send.mjs --base-url http://127.0.0.1:8080/client/v4 --token mr_... --account-id any \
//                 --from app@agents.localhost --to you@example.org [--subject S] [--text T] [--html H] [--raw]
//   env: MAILROOM_CF_BASE_URL, MAILROOM_CF_TOKEN, MAILROOM_CF_ACCOUNT_ID, MAILROOM_CF_FROM, MAILROOM_CF_TO,
//        MAILROOM_CF_SUBJECT, MAILROOM_CF_TEXT, MAILROOM_CF_HTML
//
// --raw sends with client.emailSending.sendRaw (a MIME message built here) instead of client.emailSending.send.
// --to may be given several times (or comma-separated).
//
// Prints one JSON line on stdout and exits 0 on success:  {"ok":true,"result":{...}}   (the SDK's unwrapped result)
// exit 1 when the API refused:  {"ok":false,"status":400,"errors":[{"code":10001,...}],"body":{...}}
// exit 2 on bad usage or when the request never got an answer (connection refused...).
import Cloudflare from 'cloudflare';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    token: { type: 'string' },
    'account-id': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string', multiple: true },
    subject: { type: 'string' },
    text: { type: 'string' },
    html: { type: 'string' },
    raw: { type: 'boolean', default: false },
    'max-retries': { type: 'string' },
  },
  strict: true,
});

const env = process.env;
const baseURL = values['base-url'] ?? env.MAILROOM_CF_BASE_URL;
const apiToken = values.token ?? env.MAILROOM_CF_TOKEN;
const accountId = values['account-id'] ?? env.MAILROOM_CF_ACCOUNT_ID ?? 'mailroom';
const from = values.from ?? env.MAILROOM_CF_FROM;
const to = (values.to ?? (env.MAILROOM_CF_TO ? [env.MAILROOM_CF_TO] : []))
  .flatMap((t) => t.split(','))
  .map((t) => t.trim())
  .filter((t) => t.length > 0);
const subject = values.subject ?? env.MAILROOM_CF_SUBJECT ?? 'Hello from the cloudflare SDK';
const text = values.text ?? env.MAILROOM_CF_TEXT ?? 'Sent through Mailroom with the official cloudflare npm SDK.';
const html = values.html ?? env.MAILROOM_CF_HTML;

function out(code, value) {
  process.stdout.write(JSON.stringify(value) + '\n');
  process.exit(code);
}

const missing = Object.entries({ 'base-url': baseURL, token: apiToken, from, to: to.length ? to : undefined })
  .filter(([, v]) => !v)
  .map(([k]) => k);
if (missing.length) {
  out(2, { ok: false, usage: `missing: ${missing.join(', ')}` });
}

const client = new Cloudflare({
  apiToken,
  apiKey: null,
  apiEmail: null,
  userServiceKey: null,
  baseURL,
  maxRetries: Number(values['max-retries'] ?? 0),
  timeout: 30_000,
});

try {
  let result;
  if (values.raw) {
    const mime =
      `From: ${from}\r\nTo: ${to.join(', ')}\r\nSubject: ${subject}\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
    result = await client.emailSending.sendRaw({ account_id: accountId, from, recipients: to, mime_message: mime });
  } else {
    const params = { account_id: accountId, from, to: to.length === 1 ? to[0] : to, subject, text };
    if (html) params.html = html;
    result = await client.emailSending.send(params);
  }
  out(0, { ok: true, result });
} catch (err) {
  if (err instanceof Cloudflare.APIError && err.status) {
    out(1, { ok: false, status: err.status, errors: err.errors, body: err.error ?? null });
  }
  out(2, { ok: false, error: String(err?.message ?? err) });
}
