// Pure logic of compose (no DOM globals, unit-tested with node --test in api/src/test/js/):
// address lists, reply recipients and subjects, quoting, rich text → HTML by an allow-list walk, sizes, limits.

/** An address as the API takes it: "Name <a@b>" or "a@b". */
export function formatAddress(a) {
  if (!a) return '';
  if (typeof a === 'string') return a;
  const name = (a.name || '').trim();
  if (!name) return a.address;
  const quoted = /[",;<>@()[\]:\\]/.test(name) ? '"' + name.replace(/(["\\])/g, '\\$1') + '"' : name;
  return `${quoted} <${a.address}>`;
}

/** A person for display: "Name <a@b>" or "a@b". */
export function displayAddress(a) {
  if (!a) return '';
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

// local part (dot-atom or quoted string) @ domain with at least one dot or "localhost"-like labels
const LOCAL = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[^"\\\r\n]|\\.)*")$/;
const LABEL = /^(?!-)[A-Za-z0-9\u00a1-\uffff-]{1,63}(?<!-)$/;

/** Whether `addr` is a plain addr-spec the API accepts (local@domain). */
export function isValidAddress(addr) {
  if (typeof addr !== 'string' || addr.length > 254 || /[\s\r\n]/.test(addr.replace(/"[^"]*"/g, 'x'))) return false;
  const at = addr.lastIndexOf('@');
  if (at <= 0 || at === addr.length - 1) return false;
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split('.');
  return labels.every((l) => LABEL.test(l));
}

/** Splits on commas/semicolons/newlines outside quotes and angle brackets. */
function splitList(text) {
  const parts = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted && i + 1 < text.length) { cur += c + text[++i]; continue; }
    if (c === '"') quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    if ((c === ',' || c === ';' || c === '\n') && !quoted && !angle) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Parses what a person typed in To/Cc/Bcc. Answers `{ addresses: [{name, address}], invalid: [text] }`; each
 * invalid entry is the text as typed, so the message can name it.
 */
export function parseAddressList(text) {
  const addresses = [];
  const invalid = [];
  for (const part of splitList(text || '')) {
    const m = part.match(/^(.*?)<([^<>]*)>\s*$/s);
    let name = null;
    let address;
    if (m) {
      name = m[1].trim().replace(/^"(.*)"$/s, '$1').replace(/\\(.)/g, '$1').trim() || null;
      address = m[2].trim();
    } else {
      address = part;
    }
    if (isValidAddress(address)) addresses.push({ name, address });
    else invalid.push(part);
  }
  return { addresses, invalid };
}

/** The clear message for the invalid entries of a field, or null. */
export function invalidAddressMessage(label, invalid) {
  if (!invalid || invalid.length === 0) return null;
  const list = invalid.map((s) => `"${s}"`).join(', ');
  return invalid.length === 1 ? `${label}: ${list} is not an e-mail address` : `${label}: ${list} are not e-mail addresses`;
}

const RE = /^\s*(re|aw|sv)\s*(\[\d+\])?\s*:\s*/i;
const FWD = /^\s*(fwd?|wg)\s*(\[\d+\])?\s*:\s*/i;

/** "Re: " / "Fwd: " prefixed once (RE:, Fw: count as already prefixed), like the mailbox does it. */
export function prefixedSubject(subject, mode) {
  const s = (subject || '').trim();
  if (mode === 'forward') return FWD.test(s) ? s : `Fwd: ${s}`;
  if (mode === 'reply' || mode === 'reply-all') return RE.test(s) ? s : `Re: ${s}`;
  return s;
}

const same = (a, b) => a.toLowerCase() === b.toLowerCase();

/**
 * The recipients the mailbox will answer (the same rule as its `/reply` and `/reply-all`): To = Reply-To, else
 * From (our own message: its To again); reply-all adds To and Cc into Cc; never the mailbox itself, no duplicates.
 * Answers `{ to: [{name,address}], cc: [...] }`.
 */
export function replyRecipients(message, mode, mailboxAddress) {
  if (mode !== 'reply' && mode !== 'reply-all') return { to: [], cc: [] };
  const own = mailboxAddress || '';
  const seen = [];
  const take = (list) => {
    const out = [];
    for (const a of list || []) {
      if (!a || !a.address) continue;
      if (own && same(a.address, own)) continue;
      if (seen.some((s) => same(s, a.address))) continue;
      seen.push(a.address);
      out.push({ name: a.name || null, address: a.address });
    }
    return out;
  };
  const outbound = message.direction === 'outbound';
  let to;
  if (outbound) to = take(message.to);
  else if (message.reply_to && message.reply_to.length) to = take(message.reply_to);
  else to = take(message.from ? [message.from] : []);
  const cc = mode === 'reply-all' ? take([...(outbound ? [] : message.to || []), ...(message.cc || [])]) : [];
  return { to, cc };
}

/** The text after `mode`'s subject for quoting: "On <date>, <who> wrote:" and each line prefixed with "> ". */
export function quoteText(message, dateText) {
  const who = displayAddress(message.from) || 'someone';
  const when = dateText || message.date || message.at || '';
  const body = (message.text || '').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const quoted = body.split('\n').map((l) => (l.startsWith('>') ? '>' + l : '> ' + l)).join('\n');
  return `On ${when}, ${who} wrote:\n${quoted}\n`;
}

/** HTML-escapes text (for the HTML part built from text). */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Plain text → simple HTML (paragraph breaks kept, escaped). */
export function textToHtml(text) {
  return escapeHtml(text || '').replace(/\r\n?/g, '\n').split('\n').join('<br>\n');
}

// Rich text: the editor's DOM walked through an allow-list; everything else contributes only its text.
const BLOCK = new Set(['P', 'DIV', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'PRE']);
const KEEP = new Map([
  ['B', 'strong'], ['STRONG', 'strong'], ['I', 'em'], ['EM', 'em'], ['U', 'u'], ['P', 'p'], ['DIV', 'div'],
  ['UL', 'ul'], ['OL', 'ol'], ['LI', 'li'], ['BLOCKQUOTE', 'blockquote'], ['PRE', 'pre'], ['CODE', 'code'],
  ['H1', 'h3'], ['H2', 'h3'], ['H3', 'h3'], ['A', 'a'],
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT', 'SVG', 'MATH', 'HEAD', 'TITLE', 'META', 'LINK']);

/** Whether a link target may be sent: http(s) and mailto only. */
export function safeHref(href) {
  const h = (href || '').trim();
  return /^(https?:\/\/|mailto:)/i.test(h) && !/[\s"<>]/.test(h) ? h : null;
}

/**
 * The editor's content as `{ html, text }`, from a walk of its nodes (anything with nodeType, nodeName,
 * childNodes, nodeValue and getAttribute: a DOM node or a test double). Only the allow-listed elements survive,
 * links only with http(s)/mailto targets, every text escaped; never the editor's own innerHTML.
 */
export function richTextToParts(root) {
  const html = [];
  const text = [];
  let line = '';
  const flush = () => { text.push(line); line = ''; };
  const listStack = [];
  const walk = (node) => {
    if (node.nodeType === 3) {
      const v = node.nodeValue || '';
      html.push(escapeHtml(v));
      line += v.replace(/\u00a0/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = String(node.nodeName).toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') { html.push('<br>'); flush(); return; }
    const out = KEEP.get(tag);
    let open = '';
    if (out === 'a') {
      const href = safeHref(node.getAttribute && node.getAttribute('href'));
      if (href) open = `<a href="${escapeHtml(href)}">`;
    } else if (out) open = `<${out}>`;
    const block = BLOCK.has(tag);
    if (block && line.length) flush();
    if (tag === 'UL' || tag === 'OL') listStack.push({ ordered: tag === 'OL', n: 0 });
    if (tag === 'LI') {
      const l = listStack[listStack.length - 1];
      line += l && l.ordered ? `${++l.n}. ` : '- ';
    }
    const startText = text.length;
    const startLine = line;
    html.push(open);
    for (const child of Array.from(node.childNodes || [])) walk(child);
    if (open) html.push(out === 'a' ? '</a>' : `</${out}>`);
    if (out === 'a' && open) {
      const href = safeHref(node.getAttribute('href'));
      const label = line.slice(startLine.length);
      if (href && text.length === startText && label !== href && !href.startsWith('mailto:')) line += ` <${href}>`;
    }
    if (tag === 'UL' || tag === 'OL') listStack.pop();
    if (tag === 'BLOCKQUOTE') {
      // prefix the lines written inside the quote
      if (line.length) flush();
      for (let i = startText; i < text.length; i++) text[i] = '> ' + text[i];
    }
    if (block && line.length) flush();
  };
  for (const child of Array.from(root.childNodes || [])) walk(child);
  if (line.length) flush();
  return { html: html.join(''), text: text.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n' };
}

/** 1536 → "1.5 KB" (base 1024, one decimal under 10). */
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n;
  let u = -1;
  do { v /= 1024; u++; } while (v >= 1024 && u < units.length - 1);
  return `${v < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)} ${units[u]}`;
}

/** The total of attachments the app lets one message carry (the api takes 40 MB bodies; base64 adds a third). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** A clear refusal when `files` (each with `size`) exceed `limit`, else null. */
export function attachmentLimitError(files, limit = MAX_ATTACHMENT_BYTES) {
  const total = files.reduce((s, f) => s + (f.size || 0), 0);
  if (total <= limit) return null;
  return `Attachments total ${formatSize(total)}; at most ${formatSize(limit)} can be sent in one message.`;
}

/**
 * The JSON body of a send: `POST /v1/send` for new mail (with `from` and `subject`), the mailbox's
 * `/reply|reply-all|forward` otherwise (they take no from/subject: the mailbox sets both).
 */
export function sendBody({ mode, from, to, cc, bcc, subject, text, html, attachments, includeAttachments }) {
  const list = (xs) => (xs || []).map(formatAddress);
  const body = {};
  if (mode === 'new') {
    body.from = from;
    body.subject = subject;
  }
  if (to && to.length) body.to = list(to);
  if (cc && cc.length) body.cc = list(cc);
  if (bcc && bcc.length) body.bcc = list(bcc);
  body.text = text;
  if (html != null) body.html = html;
  if (attachments && attachments.length) body.attachments = attachments;
  if (mode === 'forward' && includeAttachments === false) body.include_attachments = false;
  return body;
}

/** The path a compose mode posts to. */
export function sendPath(mode, messageId) {
  if (mode === 'new') return '/v1/send';
  return `/v1/messages/${encodeURIComponent(messageId)}/${mode}`;
}

/**
 * Where a problem's `errors[].field` belongs in the form: to/cc/bcc/subject/text (the body)/attachments/from,
 * else null (shown at the top). `to[1]` → `to`; `html`/`text` → `text`.
 */
export function fieldOfError(field) {
  const f = String(field || '').replace(/^body\./, '').replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
  if (['to', 'cc', 'bcc', 'subject', 'from', 'attachments'].includes(f)) return f;
  if (f === 'text' || f === 'html') return 'text';
  if (f === 'include_attachments') return 'attachments';
  return null;
}
