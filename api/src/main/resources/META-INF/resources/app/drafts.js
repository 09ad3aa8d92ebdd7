// Agent drafts inline in their thread: what would be sent, the send policy's reason, and Approve / Edit (then
// Approve) / Reject with an optional reason. Without the key's `drafts` permission the buttons are disabled.
import { h, replace } from './dom.js';
import { absoluteTime } from './format.js';
import { parseAddressList, invalidAddressMessage, formatAddress, textToHtml } from './compose-logic.js';
import { draftReasonText, htmlToText } from './reader-logic.js';

/** The longest reason agent-host keeps for a rejection. */
const MAX_REASON = 1000;

/**
 * The drafts section of `thread` (its `drafts` and `drafts_error`), or null when there is nothing to show.
 * `onDecided()` runs after a draft was approved or rejected (the caller reloads the thread).
 */
export function createDraftsSection(thread, ctx, { onDecided = () => {} } = {}) {
  const drafts = (thread.drafts || []).filter((d) => !d.status || d.status === 'pending');
  if (drafts.length === 0 && !thread.drafts_error) return null;
  return h('section', { class: 'drafts', 'aria-label': 'Drafts waiting for approval' },
    thread.drafts_error ? h('p', { class: 'notice warn', role: 'status' }, `Drafts could not be listed: ${thread.drafts_error}`) : null,
    drafts.map((d) => draftCard(d, ctx, onDecided)));
}

function draftCard(d, ctx, onDecided) {
  const canDecide = ctx.session.can('drafts');
  const status = h('p', { class: 'draft-status', role: 'status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'draft-actions' });
  const content = h('div', { class: 'draft-content' });
  const card = h('article', { class: 'draft', 'aria-label': `Draft — waiting for approval: ${d.subject || '(no subject)'}` },
    h('header', { class: 'draft-head' },
      h('span', { class: 'draft-badge' }, 'Draft — waiting for approval'),
      d.created_at ? h('time', { class: 'muted small', datetime: d.created_at }, absoluteTime(d.created_at)) : null),
    h('p', { class: 'draft-reason' }, h('strong', null, 'Why it waits: '), draftReasonText(d.reason),
      d.reason && draftReasonText(d.reason) !== d.reason ? h('code', { class: 'muted small' }, ` (${d.reason})`) : null),
    content, actions, status);

  const busy = (on) => actions.querySelectorAll('button').forEach((b) => { b.disabled = on || !canDecide; });

  function showView() {
    replace(content, h('dl', { class: 'msg-headers' },
      h('div', { class: 'msg-party' }, h('dt', null, 'To'), h('dd', null, (d.to || []).join(', ') || '(nobody)')),
      h('div', { class: 'msg-party' }, h('dt', null, 'Subject'), h('dd', null, d.subject || '(no subject)'))),
    bodyOf(d));
    replace(actions,
      h('button', { type: 'button', class: 'primary', disabled: !canDecide, onclick: () => approve() }, 'Approve'),
      h('button', { type: 'button', class: 'secondary', disabled: !canDecide, onclick: () => showEdit() }, 'Edit'),
      h('button', { type: 'button', class: 'danger', disabled: !canDecide, onclick: () => showReject() }, 'Reject'),
      canDecide ? null : h('span', { class: 'muted small' }, 'This key may not decide drafts (it lacks the drafts permission).'));
  }

  function showEdit() {
    const to = h('input', { id: `draft-${d.id}-to`, type: 'text', value: (d.to || []).join(', '), autocomplete: 'off', 'aria-describedby': `draft-${d.id}-to-error` });
    const toError = h('p', { id: `draft-${d.id}-to-error`, class: 'field-error', role: 'alert' });
    const subject = h('input', { id: `draft-${d.id}-subject`, type: 'text', value: d.subject || '' });
    const text = h('textarea', { id: `draft-${d.id}-text`, rows: '10', value: d.text || '' });
    const form = h('form', { class: 'draft-edit', novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      const parsed = parseAddressList(to.value);
      const bad = invalidAddressMessage('To', parsed.invalid) || (parsed.addresses.length ? null : 'To: at least one recipient is needed');
      toError.textContent = bad || '';
      to.setAttribute('aria-invalid', bad ? 'true' : 'false');
      if (bad) { to.focus(); return; }
      const edits = { to: parsed.addresses.map(formatAddress), subject: subject.value, text: text.value };
      if (d.html) edits.html = textToHtml(text.value); // the HTML part says what the person approved, too
      approve(edits, { to: toError });
    } },
    h('label', { for: to.id }, 'To'), to, toError,
    h('label', { for: subject.id }, 'Subject'), subject,
    h('label', { for: text.id }, 'Message'), text,
    d.html ? h('p', { class: 'muted small' }, 'The agent also wrote an HTML version; approving your edit replaces it with the text above.') : null,
    h('div', { class: 'draft-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Approve'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showView() }, 'Cancel')));
    replace(content, form);
    replace(actions);
    to.focus();
  }

  function showReject() {
    const reason = h('textarea', { id: `draft-${d.id}-reason`, rows: '3', maxlength: String(MAX_REASON) });
    const form = h('form', { class: 'draft-reject', novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      reject(reason.value.trim());
    } },
    h('label', { for: reason.id }, 'Reason (optional)'), reason,
    h('div', { class: 'draft-actions' },
      h('button', { type: 'submit', class: 'danger' }, 'Reject'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showView() }, 'Cancel')));
    replace(actions, form);
    reason.focus();
  }

  const approve = (edits, fields = {}) => decide('approve', edits, fields,
    { doing: 'Approving…', done: 'Approved: the message is on its way.', said: 'Draft approved and sent.', verb: 'approved' });
  const reject = (reason) => decide('reject', reason ? { reason } : undefined, {},
    { doing: 'Rejecting…', done: 'Rejected: nothing was sent.', said: 'Draft rejected.', verb: 'rejected' });

  /** POST /v1/drafts/{id}/approve|reject; problems shown in the status line and under the field they name. */
  async function decide(action, body, fields, words) {
    const forms = () => card.querySelectorAll('form button');
    busy(true);
    forms().forEach((b) => { b.disabled = true; });
    status.textContent = words.doing;
    try {
      await ctx.api.send('POST', `/v1/drafts/${encodeURIComponent(d.id)}/${action}`, body);
      status.textContent = words.done;
      ctx.announce?.(words.said);
      card.classList.add('decided');
      replace(actions);
      onDecided(words.verb);
    } catch (e) {
      forms().forEach((b) => { b.disabled = false; });
      busy(false);
      status.textContent = problemText(e, words.verb);
      for (const err of e.errors || []) {
        const f = String(err.field || '').replace(/\[\d+\]$/, '');
        if (fields[f]) fields[f].textContent = err.detail || err.message || '';
      }
      if (e.status === 409) onDecided('conflict');
    }
  }

  showView();
  return card;
}

function problemText(e, verb) {
  if (e.status === 409) return 'Someone already decided this draft; the thread shows what happened.';
  if (e.status === 403) return `This key may not decide this draft: ${e.detail || e.title}`;
  return `The draft could not be ${verb}: ${e.detail || e.title || e.message}`;
}

/** What the draft would send, as text (an HTML-only draft through htmlToText: never rendered as markup). */
function bodyOf(d) {
  if (d.text) return h('div', { class: 'msg-text draft-text' }, d.text);
  if (d.html) {
    return h('div', null, h('p', { class: 'muted small' }, 'The agent wrote HTML; shown here as text.'),
      h('div', { class: 'msg-text draft-text' }, htmlToText(d.html)));
  }
  return h('p', { class: 'muted' }, '(The draft has no text.)');
}
