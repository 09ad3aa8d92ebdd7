// Compose: new mail (POST /v1/send), reply, reply all, forward (POST /v1/messages/{id}/reply|reply-all|forward).
// A modal dialog (full screen on phones): From, To, Cc, Bcc with validation naming the bad address, Subject,
// Message as rich text (a contenteditable; the HTML sent is built by an allow-list walk of its DOM, never its
// innerHTML) or plain text, Attach files (file input or drag and drop, total limit), Send. Problems from the
// server are shown next to the field they name. An agent mailbox may hold the message as a draft (202 held).
import { h, replace } from './dom.js';
import { fileToAttachment } from './api.js';
import { absoluteTime } from './format.js';
import {
  parseAddressList, invalidAddressMessage, formatAddress, prefixedSubject, replyRecipients,
  quoteText, richTextToParts, formatSize, attachmentLimitError, MAX_ATTACHMENT_BYTES, sendBody,
  sendPath, fieldOfError, safeHref, isValidAddress,
} from './compose-logic.js';

const TITLES = { new: 'New message', reply: 'Reply', 'reply-all': 'Reply all', forward: 'Forward' };

/**
 * Opens compose: `{ mode: 'new'|'reply'|'reply-all'|'forward', message?, mailbox? }`; `ctx` = the app's
 * `{ api, session, live, announce, refresh }`. `message` (the thread view's summary) is read in full for quoting.
 */
export async function openCompose({ mode = 'new', message = null, mailbox = null } = {}, ctx) {
  if (!ctx || !ctx.session.can('send')) return;
  if (mode !== 'new' && !message) return;
  const existing = document.getElementById('compose-dialog');
  if (existing) { existing.querySelector('input, [contenteditable]')?.focus(); return; }

  const idempotencyKey = crypto.randomUUID();
  const files = [];
  let original = null;
  let plain = false;
  let sending = false;
  let dirty = false;

  const field = (name, label, attrs = {}) => {
    const input = h('input', { id: `compose-${name}`, name, type: 'text', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': `compose-${name}-error`, oninput: () => { dirty = true; discarding = false; clearError(name); }, ...attrs });
    const error = h('p', { id: `compose-${name}-error`, class: 'field-error', role: 'alert' });
    return { input, error, row: h('div', { class: `compose-row compose-${name}` }, h('label', { for: input.id }, label), input, error) };
  };

  const fromList = h('datalist', { id: 'compose-from-list' });
  const from = field('from', 'From', mode === 'new' ? { list: 'compose-from-list', type: 'email', value: mailbox && mailbox.address ? mailbox.address : '' }
    : { readonly: true, value: message.mailbox || '' });
  const to = field('to', 'To');
  const cc = field('cc', 'Cc');
  const bcc = field('bcc', 'Bcc');
  const subject = field('subject', 'Subject', mode === 'new' ? { spellcheck: 'true' } : { readonly: true, value: prefixedSubject(message.subject, mode) });
  const fields = { from, to, cc, bcc, subject };

  // The message: rich text (contenteditable) or plain text (textarea); one of them is shown.
  const bodyLabel = h('span', { id: 'compose-body-label', class: 'compose-label' }, 'Message');
  const editor = h('div', {
    id: 'compose-editor', class: 'compose-editor', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true',
    'aria-labelledby': 'compose-body-label', 'aria-describedby': 'compose-text-error', spellcheck: 'true',
    oninput: () => { dirty = true; clearError('text'); },
    onpaste: (ev) => { ev.preventDefault(); insertText(ev.clipboardData.getData('text/plain')); },
    ondrop: (ev) => {
      ev.preventDefault();
      if (ev.dataTransfer.files && ev.dataTransfer.files.length) addFiles(ev.dataTransfer.files);
      else insertText(ev.dataTransfer.getData('text/plain'));
    },
  }, h('div', null, h('br')));
  const textarea = h('textarea', { id: 'compose-textarea', class: 'compose-textarea', rows: '12', hidden: true,
    'aria-labelledby': 'compose-body-label', 'aria-describedby': 'compose-text-error', oninput: () => { dirty = true; clearError('text'); } });
  const textError = h('p', { id: 'compose-text-error', class: 'field-error', role: 'alert' });
  const format = (command, value) => () => {
    if (document.activeElement !== editor) editor.focus();
    document.execCommand(command, false, value);
    dirty = true;
  };
  // mousedown would move the focus (and the caret) out of the editor: keep it there.
  const richTools = h('div', { class: 'compose-tools', role: 'toolbar', 'aria-label': 'Formatting', 'aria-controls': 'compose-editor',
    onmousedown: (ev) => { if (ev.target.closest('button')) ev.preventDefault(); } },
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Bold', title: 'Bold', onclick: format('bold') }, h('strong', { 'aria-hidden': 'true' }, 'B')),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Italic', title: 'Italic', onclick: format('italic') }, h('em', { 'aria-hidden': 'true' }, 'I')),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Bulleted list', title: 'Bulleted list', onclick: format('insertUnorderedList') }, h('span', { 'aria-hidden': 'true' }, '•')),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Numbered list', title: 'Numbered list', onclick: format('insertOrderedList') }, h('span', { 'aria-hidden': 'true' }, '1.')),
    h('button', { type: 'button', class: 'icon-button', title: 'Link', onclick: () => addLink() }, h('span', { class: 'link-sample' }, 'Link')));
  const plainToggle = h('input', { id: 'compose-plain', type: 'checkbox', onchange: () => setPlain(plainToggle.checked) });

  // Attachments
  const fileInput = h('input', { id: 'compose-files', type: 'file', multiple: true, class: 'compose-file-input',
    'aria-describedby': 'compose-attachments-error compose-attachments-hint',
    onchange: () => { addFiles(fileInput.files); fileInput.value = ''; } });
  const fileList = h('ul', { class: 'compose-files', 'aria-label': 'Attached files' });
  const attachmentsError = h('p', { id: 'compose-attachments-error', class: 'field-error', role: 'alert' });
  const includeOriginal = h('input', { id: 'compose-include', type: 'checkbox', checked: true });
  const includeRow = h('div', { class: 'compose-include', hidden: true },
    includeOriginal, h('label', { for: includeOriginal.id }, 'Include the original attachments'));
  fields.attachments = { error: attachmentsError, input: fileInput };
  fields.text = { error: textError, input: editor };

  const formError = h('p', { class: 'form-error', role: 'alert' });
  const status = h('p', { class: 'compose-status', role: 'status', 'aria-live': 'polite' });
  const sendButton = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const discardButton = h('button', { type: 'button', class: 'secondary', onclick: () => close() }, 'Discard');
  let discarding = false;
  const note = h('p', { class: 'muted small compose-note' });

  const form = h('form', { class: 'compose-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); send(); } },
    from.row, to.row, cc.row, bcc.row, subject.row,
    h('div', { class: 'compose-row compose-body' },
      h('div', { class: 'compose-body-head' }, bodyLabel, richTools,
        h('span', { class: 'compose-plain' }, plainToggle, h('label', { for: plainToggle.id }, 'Plain text'))),
      editor, textarea, textError, note),
    h('div', { class: 'compose-row compose-attach' },
      h('label', { for: fileInput.id, class: 'compose-attach-label' }, 'Attach files'), fileInput,
      h('span', { id: 'compose-attachments-hint', class: 'muted small' }, `or drop files here · up to ${formatSize(MAX_ATTACHMENT_BYTES)} in all`),
      fileList, includeRow, attachmentsError),
    formError, status,
    h('div', { class: 'compose-actions' }, sendButton,
      discardButton));

  const dialog = h('dialog', { id: 'compose-dialog', class: 'compose-dialog', 'aria-labelledby': 'compose-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'compose-title' }, TITLES[mode] || 'New message'),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close compose', onclick: () => close() }, '✕')),
    form, fromList);
  dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); close(); });
  dialog.addEventListener('close', () => dialog.remove());
  dialog.addEventListener('dragover', (ev) => { if (hasFiles(ev)) { ev.preventDefault(); dialog.classList.add('dropping'); } });
  dialog.addEventListener('dragleave', (ev) => { if (ev.target === dialog) dialog.classList.remove('dropping'); });
  dialog.addEventListener('drop', (ev) => {
    dialog.classList.remove('dropping');
    if (hasFiles(ev)) { ev.preventDefault(); addFiles(ev.dataTransfer.files); }
  });
  document.body.append(dialog);
  dialog.showModal();

  if (mode === 'new') {
    loadFromAddresses();
    (from.input.value ? to.input : from.input).focus();
  } else {
    const own = message.mailbox || '';
    const r = replyRecipients(message, mode, own);
    to.input.value = r.to.map(formatAddress).join(', ');
    cc.input.value = r.cc.map(formatAddress).join(', ');
    if (mode === 'forward') note.textContent = 'The forwarded message is added below your text.';
    loadOriginal();
    (mode === 'forward' ? to.input : editor).focus();
  }

  async function loadFromAddresses() {
    try {
      const page = await ctx.api.get('/v1/mailboxes', { query: { limit: 200 } });
      const domains = (ctx.session.key && ctx.session.key.domains) || [];
      const mine = (page.items || []).filter((m) => domains.includes('*') || domains.includes(String(m.domain).toLowerCase()));
      replace(fromList, mine.map((m) => h('option', { value: m.address })));
      if (!from.input.value && mine.length) from.input.value = mine[0].address;
    } catch {
      // From stays free text.
    }
  }

  async function loadOriginal() {
    try {
      original = await ctx.api.get(`/v1/messages/${encodeURIComponent(message.id)}`);
    } catch (e) {
      status.textContent = `The original could not be read (${e.detail || e.title}); it is not quoted.`;
      return;
    }
    if (mode === 'forward') {
      const n = (original.attachments || []).length;
      if (n) {
        includeRow.hidden = false;
        includeRow.querySelector('label').textContent = `Include the original's ${n} attachment${n === 1 ? '' : 's'}`;
      }
      return;
    }
    // Reply: the original quoted under an empty first line.
    const when = absoluteTime(original.date || original.at);
    const quote = quoteText(original, when);
    textarea.value = `\n\n${quote}`;
    if (!dirty) {
      const [intro, ...lines] = quote.replace(/\n$/, '').split('\n');
      replace(editor, h('div', null, h('br')), h('div', null, h('br')), h('div', null, intro),
        h('blockquote', null, lines.map((l) => h('div', null, l.replace(/^> ?/, '') || h('br')))));
      placeCaretAtStart();
    }
  }

  function placeCaretAtStart() {
    const range = document.createRange();
    range.setStart(editor.firstChild || editor, 0);
    range.collapse(true);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function insertText(text) {
    if (text) document.execCommand('insertText', false, text);
    dirty = true;
  }

  function addLink() {
    const href = safeHref(window.prompt('Link address (https://… or mailto:…)', 'https://'));
    if (!href) { textError.textContent = 'Links must start with https://, http:// or mailto:.'; return; }
    editor.focus();
    const sel = window.getSelection();
    if (sel && sel.isCollapsed) document.execCommand('insertText', false, href);
    document.execCommand('createLink', false, href);
    dirty = true;
  }

  function setPlain(on) {
    if (on === plain) return;
    plain = on;
    if (on) textarea.value = richTextToParts(editor).text;
    else {
      const lines = textarea.value.replace(/\r\n?/g, '\n').split('\n');
      replace(editor, lines.map((l) => h('div', null, l || h('br'))));
    }
    editor.hidden = on;
    richTools.hidden = on;
    textarea.hidden = !on;
    fields.text.input = on ? textarea : editor;
    (on ? textarea : editor).focus();
  }

  function hasFiles(ev) {
    return ev.dataTransfer && Array.from(ev.dataTransfer.types || []).includes('Files');
  }

  function addFiles(list) {
    for (const f of Array.from(list || [])) files.push(f);
    dirty = true;
    renderFiles();
  }

  function renderFiles() {
    replace(fileList, files.map((f, i) => h('li', { class: 'compose-file' },
      h('span', { class: 'attachment-name' }, f.name), h('span', { class: 'muted small' }, ` ${formatSize(f.size)}`),
      h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove ${f.name}`, onclick: () => { files.splice(i, 1); renderFiles(); } }, 'Remove'))));
    attachmentsError.textContent = attachmentLimitError(files) || '';
  }

  function clearError(name) {
    const f = fields[name];
    if (f) { f.error.textContent = ''; f.input.removeAttribute('aria-invalid'); }
  }

  function showError(name, text) {
    const f = fields[name];
    if (!f) { formError.textContent = text; return; }
    f.error.textContent = f.error.textContent ? `${f.error.textContent} ${text}` : text;
    f.input.setAttribute('aria-invalid', 'true');
  }

  /** Checks the form; answers the parsed recipients or null (errors shown, first bad field focused). */
  function validate() {
    for (const name of Object.keys(fields)) clearError(name);
    formError.textContent = '';
    const parsed = {};
    let first = null;
    for (const [name, label] of [['to', 'To'], ['cc', 'Cc'], ['bcc', 'Bcc']]) {
      const p = parseAddressList(fields[name].input.value);
      parsed[name] = p.addresses;
      const msg = invalidAddressMessage(label, p.invalid);
      if (msg) { showError(name, msg); first = first || fields[name].input; }
    }
    if (mode === 'new' && !isValidAddress(from.input.value.trim())) {
      showError('from', from.input.value.trim() ? `From: "${from.input.value.trim()}" is not an e-mail address` : 'From: choose the address to send from');
      first = first || from.input;
    }
    const anyone = parsed.to.length + parsed.cc.length + parsed.bcc.length > 0;
    if ((mode === 'new' || mode === 'forward') && !anyone && !first) {
      showError('to', 'To: add at least one recipient');
      first = to.input;
    }
    const limit = attachmentLimitError(files);
    if (limit) { attachmentsError.textContent = limit; first = first || fileInput; }
    if (first) { first.focus(); return null; }
    return parsed;
  }

  async function send() {
    if (sending) return;
    const parsed = validate();
    if (!parsed) return;
    const parts = plain ? { text: textarea.value, html: null } : richTextToParts(editor);
    if (!plain && !parts.text.trim()) parts.html = null;
    sending = true;
    sendButton.disabled = true;
    status.textContent = files.length ? 'Reading the attachments…' : 'Sending…';
    try {
      const attachments = await Promise.all(files.map(fileToAttachment));
      status.textContent = 'Sending…';
      const body = sendBody({
        mode, from: from.input.value.trim(), to: parsed.to, cc: parsed.cc, bcc: parsed.bcc, subject: subject.input.value,
        text: parts.text, html: parts.html, attachments, includeAttachments: includeRow.hidden ? undefined : includeOriginal.checked,
      });
      const answer = await ctx.api.send('POST', sendPath(mode, message && message.id), body, { headers: { 'Idempotency-Key': idempotencyKey }, timeout: 120000 });
      const threadId = message && message.thread_id;
      if (threadId) ctx.live?.emit?.('thread.changed', { thread_id: threadId });
      ctx.refresh?.();
      if (answer && answer.status === 'held') {
        dirty = false;
        replace(form, h('div', { class: 'notice', role: 'status' },
          h('p', null, h('strong', null, 'Held for approval. '), 'The agent mailbox\'s send policy keeps this message as a draft; it is shown in the thread until someone approves it.'),
          answer.draft_id ? h('p', { class: 'muted small' }, `Draft ${answer.draft_id}`) : null,
          h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'OK')));
        ctx.announce?.('Held for approval as a draft.');
        return;
      }
      ctx.announce?.('Message sent.');
      dirty = false;
      dialog.close();
    } catch (e) {
      sending = false;
      sendButton.disabled = false;
      status.textContent = '';
      if (e.status === 413) { showError('attachments', 'The message is too large for the server; remove some attachments.'); return; }
      const errors = e.errors || [];
      for (const err of errors) {
        const target = fieldOfError(err.field);
        const detail = err.detail || err.message || '';
        showError(target || 'form', target ? detail : `${err.field ? `${err.field}: ` : ''}${detail}`);
      }
      if (errors.length === 0 || !errors.some((err) => fieldOfError(err.field))) {
        formError.textContent = `Not sent: ${e.detail || e.title || e.message}`;
      }
      const bad = Object.values(fields).find((f) => f.input.getAttribute('aria-invalid') === 'true');
      (bad ? bad.input : formError).focus?.();
    }
  }

  /** Closes; with unsent work, only after a second Discard/Esc (asked in the dialog, no browser prompt). */
  function close() {
    if (sending) { status.textContent = 'Wait until the message is sent.'; return; }
    if (dirty && !discarding) {
      discarding = true;
      status.textContent = 'This message is not sent. Press Discard (or Esc) again to throw it away.';
      discardButton.focus();
      return;
    }
    dialog.close();
  }
}

