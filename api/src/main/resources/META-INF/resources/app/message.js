// One message of the reading pane: a collapsed header (a button with aria-expanded) or the whole message — parties,
// date, labels, the HTML body in a sandboxed iframe (server-sanitized, remote images blocked until allowed), text,
// attachments with preview and download, authentication verdicts and route, view source, delivery timeline.
import { h, replace } from './dom.js';
import { absoluteTime, relativeTime } from './format.js';
import { displayAddress, formatSize } from './compose-logic.js';
import { authRows, routeText, deliveryTimeline, statusTone, previewKind, urls } from './reader-logic.js';

/** Whether the api serves `/v1/messages/{id}/body` (null: not asked yet). One answer per page load. */
let bodyEndpoint = null;

/**
 * A message element. `summary` is the thread view's message; the full message (`GET /v1/messages/{id}`) is read
 * when first expanded and kept on the element. `options.onToggle(id, expanded)` reports the state.
 * The element has `update()` (re-read the full message: live delivery changes) and `setExpanded(bool)`.
 */
export function createMessageView(summary, ctx, { expanded = false, onToggle = () => {} } = {}) {
  const id = summary.id;
  const bodyId = `msg-${cssId(id)}-body`;
  let full = null;
  let timeline = null;
  let open = expanded;
  const toggle = h('button', {
    type: 'button', class: 'msg-toggle', 'aria-expanded': String(open), 'aria-controls': bodyId,
    onclick: () => setExpanded(!open),
  },
  h('span', { class: 'msg-from' }, summary.from ? (summary.from.name || summary.from.address) : '(no sender)'),
  summary.direction === 'outbound' ? statusChip(summary.status) : null,
  h('span', { class: 'msg-snippet' }, open ? '' : summary.snippet || ''),
  h('time', { class: 'msg-time', datetime: summary.at, title: absoluteTime(summary.at) }, relativeTime(summary.at)));
  const body = h('div', { id: bodyId, class: 'msg-body-region', hidden: !open });
  const el = h('article', { class: `message${summary.unread ? ' unread' : ''}${summary.direction === 'outbound' ? ' outbound' : ''}`, 'aria-labelledby': `${bodyId}-heading` },
    h('h3', { class: 'msg-heading', id: `${bodyId}-heading` }, toggle), body);

  async function load() {
    replace(body, h('p', { class: 'loading' }, 'Loading the message…'));
    try {
      full = await ctx.api.get(`/v1/messages/${encodeURIComponent(id)}`);
      render();
    } catch (e) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `The message could not be loaded: ${e.detail || e.title || e.message}`));
    }
  }

  function render() {
    const m = full;
    replace(body,
      headerBlock(m),
      m.direction === 'outbound' ? (timeline = timelineBlock(m)) : null,
      contentBlock(m, ctx),
      attachmentsBlock(m),
      detailsBlock(m, ctx));
  }

  function setExpanded(value) {
    open = value;
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    toggle.querySelector('.msg-snippet').textContent = open ? '' : summary.snippet || '';
    if (open && !full) load();
    onToggle(id, open);
  }

  el.setExpanded = setExpanded;
  /** A delivery event: the status and, when shown, the timeline change in place (the body stays as it is). */
  el.update = async () => {
    try {
      const m = await ctx.api.get(`/v1/messages/${encodeURIComponent(id)}`);
      const chip = toggle.querySelector('.msg-status');
      if (chip) chip.replaceWith(statusChip(m.status));
      if (full && timeline) {
        full = m;
        const next = timelineBlock(m);
        timeline.replaceWith(next);
        timeline = next;
      }
    } catch {
      // The next event or a reload shows it.
    }
  };
  el.messageId = id;
  el.full = () => full;
  if (open) load();
  return el;
}

function statusChip(status) {
  return h('span', { class: `msg-status tone-${statusTone(status)}` }, status || 'queued');
}

function cssId(id) {
  return String(id).replace(/[^A-Za-z0-9_-]/g, '_');
}

function people(label, list) {
  if (!list || list.length === 0) return null;
  return h('div', { class: 'msg-party' }, h('dt', null, label), h('dd', null, list.map(displayAddress).join(', ')));
}

function headerBlock(m) {
  return h('dl', { class: 'msg-headers' },
    people('From', m.from ? [m.from] : []),
    people('To', m.to),
    people('Cc', m.cc),
    people('Bcc', m.bcc),
    people('Reply-To', m.reply_to),
    h('div', { class: 'msg-party' }, h('dt', null, 'Date'), h('dd', null, h('time', { datetime: m.date || m.at }, absoluteTime(m.date || m.at)))),
    m.labels && m.labels.length ? h('div', { class: 'msg-party' }, h('dt', null, 'Labels'),
      h('dd', null, m.labels.map((l) => h('span', { class: 'label-chip' }, l)))) : null);
}

/** The body: the sanitized HTML in a sandboxed, script-less iframe, or the text as text. */
function contentBlock(m, ctx) {
  const wrap = h('div', { class: 'msg-content' });
  const text = () => h('div', { class: 'msg-text' }, m.text || '(This message has no text.)');
  if (!m.html) return replace(wrap, text());
  if (bodyEndpoint === false) return replace(wrap, h('p', { class: 'muted small' }, 'Showing the text of this HTML message.'), text());
  replace(wrap, h('p', { class: 'loading' }, 'Loading the message body…'));
  probeBody(ctx, m.id).then((ok) => {
    if (!ok) { replace(wrap, h('p', { class: 'muted small' }, 'Showing the text of this HTML message.'), text()); return; }
    replace(wrap, ...frame(m));
  });
  return wrap;
}

/** Whether the body endpoint answers for `id` (it is read once to know; the iframe then reads it again). */
async function probeBody(ctx, id) {
  if (bodyEndpoint === true) return true;
  try {
    const res = await ctx.api.request('GET', urls.body(id, false), { as: 'response', headers: { Accept: 'text/html' } });
    if (res.body) res.body.cancel().catch(() => {});
    bodyEndpoint = true;
    return true;
  } catch (e) {
    if (e.status === 404 || e.status === 405) { bodyEndpoint = false; return false; }
    return false;
  }
}

function frame(m) {
  const iframe = h('iframe', {
    class: 'msg-frame', title: 'Message body', sandbox: 'allow-popups allow-popups-to-escape-sandbox',
    referrerpolicy: 'no-referrer', src: urls.body(m.id, false),
  });
  const box = h('div', { class: 'msg-frame-box' }, iframe);
  const expand = h('button', {
    type: 'button', class: 'link-button', 'aria-pressed': 'false', onclick: () => {
      const tall = box.classList.toggle('tall');
      expand.setAttribute('aria-pressed', String(tall));
      expand.textContent = tall ? 'Shorter view' : 'Taller view';
    },
  }, 'Taller view');
  const blocked = Number(m.remote_images) || 0;
  const notice = blocked > 0 ? h('div', { class: 'images-notice', role: 'status' },
    h('span', null, `${blocked} remote image${blocked === 1 ? ' was' : 's were'} blocked to protect your privacy.`),
    h('button', { type: 'button', class: 'secondary', onclick: (ev) => {
      iframe.src = urls.body(m.id, true);
      replace(ev.currentTarget.parentElement, h('span', null, 'Remote images are shown for this message.'));
    } }, 'Show images')) : null;
  return [notice, box, h('div', { class: 'msg-frame-tools' }, expand)];
}

function attachmentsBlock(m) {
  const files = (m.attachments || []).filter((a) => !(a.inline && a.content_id && m.html));
  if (files.length === 0) return null;
  return h('section', { class: 'attachments', 'aria-label': 'Attachments' },
    h('h4', null, `${files.length} attachment${files.length === 1 ? '' : 's'}`),
    h('ul', { class: 'attachment-list' }, files.map((a) => attachmentItem(m, a))));
}

function attachmentItem(m, a) {
  const name = a.filename || 'attachment';
  const kind = previewKind(a.content_type);
  const preview = h('div', { class: 'attachment-preview', hidden: true });
  const previewButton = kind ? h('button', {
    type: 'button', class: 'secondary small', 'aria-expanded': 'false', 'aria-label': `Preview ${name}`,
    onclick: () => {
      const show = preview.hidden;
      preview.hidden = !show;
      previewButton.setAttribute('aria-expanded', String(show));
      if (show && !preview.firstChild) {
        const src = urls.attachment(m.id, a.id, true);
        // A PDF is sandboxed by its answer's own `Content-Security-Policy: sandbox` (an opaque origin, no script of
        // its own): Chromium refuses its PDF viewer inside an iframe with the sandbox attribute.
        preview.append(kind === 'image'
          ? h('img', { src, alt: `Preview of ${name}`, loading: 'lazy', referrerpolicy: 'no-referrer' })
          : [h('iframe', { src, title: `Preview of ${name}`, class: 'pdf-preview', referrerpolicy: 'no-referrer' }),
            h('a', { href: src, target: '_blank', rel: 'noopener noreferrer', class: 'small' }, `Open ${name} in a new tab`)]);
      }
    },
  }, 'Preview') : null;
  return h('li', { class: 'attachment' },
    h('div', { class: 'attachment-meta' },
      h('span', { class: 'attachment-name' }, name),
      h('span', { class: 'attachment-type muted' }, `${a.content_type || 'unknown type'} · ${formatSize(a.size)}`)),
    h('div', { class: 'attachment-actions' },
      previewButton,
      h('a', { class: 'button secondary small', href: urls.attachment(m.id, a.id, false), download: name, 'aria-label': `Download ${name}` }, 'Download')),
    preview);
}

/** The delivery timeline of a sent message: queued → attempts (with the remote reply) and each recipient's state. */
function timelineBlock(m) {
  const tl = deliveryTimeline(m);
  return h('section', { class: 'delivery', 'aria-label': 'Delivery' },
    h('h4', null, 'Delivery ', h('span', { class: `status-chip tone-${statusTone(m.status)}` }, m.status || 'queued')),
    h('ol', { class: 'timeline' }, tl.steps.map((s) => h('li', { class: `tone-${statusTone(s.status)}` },
      h('span', { class: 'timeline-status' }, s.status),
      s.recipient ? h('span', { class: 'timeline-recipient' }, ` ${s.recipient}`) : null,
      h('time', { datetime: s.at, class: 'muted' }, ` ${absoluteTime(s.at)}`),
      s.host ? h('span', { class: 'muted' }, ` via ${s.host}`) : null,
      s.reply ? h('code', { class: 'timeline-reply' }, s.reply) : null))),
    tl.recipients.length ? h('table', { class: 'recipients' },
      h('caption', { class: 'sr-only' }, 'Recipients'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Recipient'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Attempts'), h('th', { scope: 'col' }, 'Last reply'))),
      h('tbody', null, tl.recipients.map((r) => h('tr', null,
        h('td', null, r.address), h('td', null, h('span', { class: `status-chip tone-${statusTone(r.status)}` }, r.status)),
        h('td', null, String(r.attempts ?? 0)), h('td', null, r.reply ? h('code', null, r.reply) : '—'))))) : null);
}

/** Authentication verdicts, the route, and View source. */
function detailsBlock(m, ctx) {
  const rows = authRows(m.authentication);
  const route = routeText(m.route, m);
  const auth = rows ? h('details', { class: 'auth' },
    h('summary', null, 'Authentication ', rows.map((r) => h('span', { class: `verdict tone-${r.tone}` }, `${r.name} ${r.result}`))),
    h('table', { class: 'auth-table' },
      h('caption', { class: 'sr-only' }, 'Authentication verdicts'),
      h('tbody', null, rows.map((r) => h('tr', null,
        h('th', { scope: 'row' }, r.name),
        h('td', null, h('span', { class: `verdict tone-${r.tone}` }, r.result)),
        h('td', null, r.detail || ''))))),
    route ? h('p', { class: 'route' }, h('strong', null, 'Route: '), route) : null) : (route ? h('p', { class: 'route' }, h('strong', null, 'Route: '), route) : null);
  return h('div', { class: 'msg-details' }, auth,
    h('div', { class: 'msg-tools' },
      h('button', { type: 'button', class: 'secondary small', onclick: () => viewSource(m, ctx) }, 'View source')));
}

/** The raw message as text in a dialog (never rendered). */
async function viewSource(m, ctx) {
  const pre = h('pre', { class: 'source', tabindex: '0' }, 'Loading the source…');
  const close = h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close');
  const dialog = h('dialog', { class: 'source-dialog', 'aria-label': `Source of ${m.subject || 'the message'}` },
    h('div', { class: 'dialog-head' }, h('h2', null, 'Message source'),
      h('a', { class: 'button secondary', href: urls.raw(m.id), download: `${cssId(m.id)}.eml` }, 'Download .eml'), close),
    pre);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  try {
    pre.textContent = await ctx.api.text(urls.raw(m.id));
  } catch (e) {
    pre.textContent = `The source could not be loaded: ${e.detail || e.title || e.message}`;
  }
}
