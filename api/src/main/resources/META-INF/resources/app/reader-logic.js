// Pure logic of the reading pane (no DOM; unit-tested with node --test in api/src/test/js/): which message is
// expanded, authentication verdicts, the delivery timeline, drafts' policy reasons and HTML as text, previews.
import { unescapeHtml } from './format.js';

/** Messages oldest first; the last one and every unread one expanded. Answers a Set of ids. */
export function initiallyExpanded(messages) {
  const ids = new Set();
  (messages || []).forEach((m, i) => {
    if (m.unread || i === messages.length - 1) ids.add(m.id);
  });
  return ids;
}

/**
 * The message Reply/Forward answer: the one the person opened last (`chosenId`), else the newest received one (an
 * agent's own answer is often the newest; Reply means the correspondent's mail), else the newest; null for none.
 */
export function answeredMessage(messages, chosenId) {
  const list = messages || [];
  return list.find((m) => m.id === chosenId)
    || [...list].reverse().find((m) => m.direction === 'inbound')
    || list[list.length - 1] || null;
}

/** A verdict's tone: good (pass), bad (fail/softfail/permerror/policy), neutral otherwise. */
export function verdictTone(result) {
  const r = String(result || 'none').toLowerCase();
  if (r === 'pass') return 'pass';
  if (['fail', 'softfail', 'permerror', 'policy'].includes(r)) return 'fail';
  return 'neutral';
}

/**
 * The rows of the Authentication block: `[{ name, result, tone, detail }]` for SPF, each DKIM signature (or
 * "none" when unsigned) and DMARC. Null when the message carries no verdicts (sent mail, older mail).
 */
export function authRows(auth) {
  if (!auth) return null;
  const rows = [];
  const spf = auth.spf;
  if (spf) rows.push({ name: 'SPF', result: spf.result || 'none', tone: verdictTone(spf.result),
    detail: [spf.domain, spf.detail].filter(Boolean).join(' — ') });
  const dkim = auth.dkim || [];
  if (dkim.length === 0) rows.push({ name: 'DKIM', result: 'none', tone: 'neutral', detail: 'not signed' });
  for (const d of dkim) {
    rows.push({ name: 'DKIM', result: d.result || 'none', tone: verdictTone(d.result),
      detail: [d.domain && `d=${d.domain}`, d.selector && `s=${d.selector}`, d.algorithm, d.detail].filter(Boolean).join(' ') });
  }
  const dmarc = auth.dmarc;
  if (dmarc) {
    const aligned = [dmarc.spf_aligned && 'SPF aligned', dmarc.dkim_aligned && 'DKIM aligned'].filter(Boolean).join(', ');
    rows.push({ name: 'DMARC', result: dmarc.result || 'none', tone: verdictTone(dmarc.result),
      detail: [dmarc.domain, dmarc.policy && `policy ${dmarc.policy}`, aligned].filter(Boolean).join(' — ') });
  }
  return rows;
}

/** The route in words: how the message reached this mailbox. */
export function routeText(route, message) {
  const parts = [];
  const address = (route && route.address) || (message && message.mailbox);
  const agent = (route && route.agent) || (message && message.agent);
  if (address) parts.push(`to ${address}`);
  if (agent) parts.push(`agent ${agent.class}/${agent.instance}`);
  if (route) {
    if (route.by === 'reply-token') parts.push(route.verified ? 'reply token verified' : 'reply token not verified');
    else if (route.by === 'address') parts.push('routed by address');
    if (route.detail) parts.push(route.detail);
  }
  return parts.join(' · ');
}

const FINAL = new Set(['delivered', 'bounced', 'failed', 'suppressed']);

/**
 * An outbound message's delivery timeline (its `delivery` object, else the same fields on the message itself): the
 * `queued` step (its time), then each attempt in time order, per
 * recipient; and a summary per recipient with its current state. Answers
 * `{ steps: [{ at, status, recipient, host, reply }], recipients: [{ address, status, attempts, reply }], done }`.
 */
export function deliveryTimeline(message) {
  const d = message.delivery || message;
  const steps = [{ at: d.queued_at || message.at, status: 'queued', recipient: null, host: null, reply: null }];
  const attempts = [...(d.attempts || [])].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  for (const a of attempts) {
    steps.push({ at: a.at, status: a.outcome === 'relayed' ? 'sent' : a.outcome, recipient: a.recipient, host: a.host, reply: a.reply });
  }
  const recipients = (d.recipients || []).map((r) => ({ address: r.address, status: r.status, attempts: r.attempts, reply: r.last_reply }));
  const done = recipients.length > 0 && recipients.every((r) => FINAL.has(r.status));
  return { steps, recipients, done };
}

/** The delivery status an outbound message is in, as a tone for styling. */
export function statusTone(status) {
  const s = String(status || '');
  if (s === 'delivered' || s === 'sent' || s === 'relayed') return 'pass';
  if (s === 'bounced' || s === 'failed' || s === 'suppressed') return 'fail';
  if (s === 'deferred' || s === 'partially-delivered') return 'warn';
  return 'neutral';
}

/**
 * A send policy's reason in words, with the code kept: "recipient-not-approved: bob@x" → "Recipient not approved:
 * bob@x"; "new-correspondent: x" → "First contact: x"; "drafts-only: …" → "Drafts only: …"; "agent-draft" → "The
 * agent asked for approval".
 */
export function draftReasonText(reason) {
  if (!reason) return 'Waiting for approval';
  const m = String(reason).match(/^([a-z-]+)(?::\s*(.*))?$/s);
  const code = m ? m[1] : null;
  const rest = m && m[2] ? m[2] : '';
  const words = {
    'agent-draft': 'The agent asked for approval',
    'recipient-not-approved': 'Recipient not approved',
    'new-correspondent': 'First contact',
    'first-contact': 'First contact',
    'drafts-only': 'Drafts only',
  }[code];
  if (!words) return String(reason);
  return rest ? `${words}: ${rest}` : words;
}

const PREVIEW_IMAGE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** How an attachment can be previewed inline: 'image', 'pdf' or null (download only). */
export function previewKind(contentType) {
  const t = String(contentType || '').toLowerCase().split(';')[0].trim();
  if (PREVIEW_IMAGE.has(t)) return 'image';
  if (t === 'application/pdf') return 'pdf';
  return null;
}

/** URL of a message's resources, ids encoded. */
export const urls = {
  body: (id, images) => `/v1/messages/${encodeURIComponent(id)}/body?images=${images ? 'allow' : 'block'}`,
  raw: (id) => `/v1/messages/${encodeURIComponent(id)}/raw`,
  attachment: (id, aid, inline) => `/v1/messages/${encodeURIComponent(id)}/attachments/${encodeURIComponent(aid)}${inline ? '?disposition=inline' : ''}`,
};

/** Whether a live event concerns the open thread: answers 'thread' (reload), 'message' (refresh it) or null. */
export function eventEffect(event, thread) {
  if (!event || !thread) return null;
  const type = event.type || '';
  const data = event.data || {};
  if (type === 'message.received') return data.thread_id === thread.id ? 'thread' : null;
  if (type.startsWith('draft.')) {
    return !data.mailbox_id || data.mailbox_id === thread.mailbox_id ? 'thread' : null;
  }
  if (type.startsWith('message.')) {
    if ((thread.messages || []).some((m) => m.id === data.message_id)) return 'message';
    if (type === 'message.sent' && data.mailbox_id === thread.mailbox_id) return 'thread';
  }
  return null;
}

/** The labels typed in a field ("urgent, to do") → a clean list without duplicates (commas separate labels). */
export function parseLabels(text) {
  const out = [];
  for (const l of String(text || '').split(',')) {
    const v = l.trim().replace(/\s+/g, ' ');
    if (v && !out.some((o) => o.toLowerCase() === v.toLowerCase())) out.push(v);
  }
  return out;
}

/**
 * An HTML body as plain text for showing (an agent draft written in HTML only): scripts and styles dropped, blocks
 * and line breaks as new lines, links followed by their target, tags removed, character references decoded. The
 * result is only ever put into the page as text.
 */
export function htmlToText(html) {
  return unescapeHtml(String(html || '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<a\b[^>]*?\shref\s*=\s*["']?(https?:[^"'\s>]+)["']?[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (all, href, label) => (label.replace(/<[^>]*>/g, '').trim() === href ? label : `${label} \u0001${href}\u0002`))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|blockquote|tr|table|pre)\s*>/gi, '\n')
    .replace(/<(p|div|h[1-6]|ul|ol|blockquote|tr|table|pre)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/[\u0001\u0002]/g, (c) => (c === '\u0001' ? '<' : '>')))
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
