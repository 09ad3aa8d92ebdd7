// The reading pane: a thread's messages oldest first (the last and the unread ones expanded), its agent drafts,
// the agent panel, and the thread's actions. Opening marks the thread read; live events reload it.
import { h, replace } from './dom.js';
import { createMessageView } from './message.js';
import { createDraftsSection } from './drafts.js';
import { createAgentPanel } from './agent-panel.js';
import { initiallyExpanded, eventEffect, parseLabels, answeredMessage } from './reader-logic.js';
import { absoluteTime } from './format.js';

/** The open thread: its data, its element, how to stop listening. */
let active = null;

/**
 * The message r/a/f and the toolbar answer: the one last opened in the open thread, else its newest received one
 * (an agent's own answer is often the newest: Reply means the correspondent's mail), else its newest; null when no
 * thread is open.
 */
export function currentMessage() {
  if (!active || !active.root.isConnected) return null;
  const m = answered(active);
  return m ? { ...m, mailbox: active.thread.mailbox, mailbox_id: active.thread.mailbox_id } : null;
}

function answered(state) {
  const messages = state.thread.messages || [];
  return answeredMessage(messages, state.currentId);
}

/** Shows thread `threadId` in `container`; ctx = { api, session, live, navigate, announce, refresh, compose }. */
export async function openThread(container, threadId, ctx) {
  if (active) active.stop();
  const thread = await ctx.api.get(`/v1/threads/${encodeURIComponent(threadId)}`);
  const root = h('div', { class: 'thread-view' });
  const state = { thread, root, expanded: initiallyExpanded(thread.messages), views: new Map(), panel: null, timer: null };
  const unsubscribe = [];
  state.stop = () => {
    unsubscribe.forEach((fn) => fn());
    clearTimeout(state.timer);
    if (active === state) active = null;
  };
  active = state;

  const reload = async () => {
    if (!root.isConnected) { state.stop(); return; }
    try {
      const known = new Set((state.thread.messages || []).map((m) => m.id));
      state.thread = await ctx.api.get(`/v1/threads/${encodeURIComponent(threadId)}`);
      const messages = state.thread.messages || [];
      for (const m of messages) if (m.unread) state.expanded.add(m.id);
      const newest = messages[messages.length - 1];
      if (newest && !known.has(newest.id)) state.expanded.add(newest.id);
      render(state, ctx, reload);
    } catch (e) {
      if (e.status === 404) replace(root, h('p', { class: 'empty-state' }, 'This thread is gone (deleted or moved out of reach).'));
    }
  };
  // A live change never throws away what the person is doing (a draft being edited, a label being typed): then a
  // notice offers the new state instead.
  const busy = () => root.querySelector('.draft-edit, .draft-reject, .labels-form:not([hidden])')
    || (root.contains(document.activeElement) && /^(INPUT|TEXTAREA)$/.test(document.activeElement.tagName));
  const soon = () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      if (!busy()) { reload(); return; }
      if (root.querySelector('.thread-news')) return;
      root.prepend(h('div', { class: 'thread-news notice', role: 'status' }, 'This thread changed. ',
        h('button', { type: 'button', class: 'secondary small', onclick: () => reload() }, 'Show the changes')));
    }, 300);
  };

  if (ctx.live && typeof ctx.live.on === 'function') {
    unsubscribe.push(ctx.live.on('*', (data, event) => {
      if (!root.isConnected) { state.stop(); return; }
      const effect = eventEffect({ type: event && event.type, data }, state.thread);
      if (effect === 'thread') {
        soon();
        // An agent answers after the mail arrived; its draft has no event of its own: look again a little later.
        if (event.type === 'message.received' && state.thread.agent_class) setTimeout(soon, 4000);
      }
      else if (effect === 'message') state.views.get(data.message_id)?.update();
    }));
    unsubscribe.push(ctx.live.on('thread.changed', (data) => {
      if (data && data.thread_id === threadId && !data.from_reader) soon();
    }));
  }

  render(state, ctx, reload);
  replace(container, root);
  markRead(state, ctx);
}

async function markRead(state, ctx) {
  const t = state.thread;
  if (!t.unread_count) return;
  try {
    await ctx.api.send('PATCH', `/v1/threads/${encodeURIComponent(t.id)}`, { unread: false });
    t.unread_count = 0;
    ctx.live?.emit?.('thread.changed', { thread_id: t.id, unread: false, from_reader: true });
    ctx.refresh?.();
  } catch {
    // Reading works without the mark; the list shows it unread until the next try.
  }
}

function render(state, ctx, reload) {
  const t = state.thread;
  const messages = t.messages || [];
  state.views.clear();
  const list = h('div', { class: 'messages' }, messages.map((m) => {
    const view = createMessageView(m, ctx, {
      expanded: state.expanded.has(m.id),
      onToggle: (id, open) => {
        if (open) { state.expanded.add(id); state.currentId = id; } else {
          state.expanded.delete(id);
          if (state.currentId === id) state.currentId = null;
        }
        state.showAnswered?.();
      },
    });
    state.views.set(m.id, view);
    return view;
  }));
  if (!state.panel || !state.panel.isConnected) state.panel = createAgentPanel(t, ctx);
  else state.panel.refresh();
  replace(state.root,
    h('header', { class: 'thread-head' },
      h('h2', { class: 'thread-subject', id: 'thread-subject', tabindex: '-1' }, t.subject || '(no subject)'),
      h('p', { class: 'thread-meta muted' },
        t.mailbox || '', ` · ${messages.length} message${messages.length === 1 ? '' : 's'}`,
        t.needs_reply ? h('span', { class: 'badge needs-reply', 'aria-label': 'Needs reply' }, 'Needs reply') : null),
      labelsOf(messages).length ? h('p', { class: 'thread-labels' }, labelsOf(messages).map((l) => h('span', { class: 'label-chip' }, l))) : null,
      toolbar(state, ctx, reload)),
    state.panel,
    createDraftsSection(t, ctx, { onDecided: () => { reload(); ctx.refresh?.(); } }),
    list);
}

function labelsOf(messages) {
  const out = [];
  for (const m of messages) for (const l of m.labels || []) if (!out.includes(l)) out.push(l);
  return out;
}

/** Reply, Reply all, Forward (with `send`), Archive, Trash, star, mark unread, labels. */
function toolbar(state, ctx, reload) {
  const t = state.thread;
  const messages = t.messages || [];
  const last = messages[messages.length - 1];
  const canSend = ctx.session.can('send');
  const starred = messages.some((m) => m.starred);
  const folder = last ? last.folder : null;
  const status = h('p', { class: 'thread-status', role: 'status', 'aria-live': 'polite' });
  const answer = (mode) => ctx.compose ? ctx.compose({ mode, message: currentMessage() }) : null;
  const answering = h('p', { class: 'answering muted small' });
  state.showAnswered = () => {
    const m = answered(state);
    answering.textContent = canSend && m && messages.length > 1
      ? `Reply and Forward answer the message from ${m.from ? m.from.name || m.from.address : 'unknown'} (${absoluteTime(m.at)}); open another message to answer it.` : '';
  };
  state.showAnswered();

  async function patch(change, done) {
    status.textContent = '';
    try {
      await ctx.api.send('PATCH', `/v1/threads/${encodeURIComponent(t.id)}`, change);
      status.textContent = done;
      ctx.announce?.(done);
      ctx.live?.emit?.('thread.changed', { thread_id: t.id, ...change, from_reader: true });
      ctx.refresh?.();
      await reload();
    } catch (e) {
      status.textContent = `Not changed: ${e.detail || e.title || e.message}`;
    }
  }

  const labelInput = h('input', { id: 'thread-labels-input', type: 'text', value: labelsOf(messages).join(', '), autocomplete: 'off' });
  const labelsForm = h('form', { class: 'labels-form', hidden: true, novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    patch({ labels: parseLabels(labelInput.value) }, 'Labels saved.');
  } },
  h('label', { for: labelInput.id }, 'Labels (comma-separated)'), labelInput,
  h('button', { type: 'submit', class: 'secondary small' }, 'Save labels'));
  const labelsButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: () => {
    labelsForm.hidden = !labelsForm.hidden;
    labelsButton.setAttribute('aria-expanded', String(!labelsForm.hidden));
    if (!labelsForm.hidden) labelInput.focus();
  } }, 'Labels');

  return h('div', { class: 'thread-actions' },
    h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Thread actions' },
      canSend && last ? [
        h('button', { type: 'button', class: 'primary', title: 'Reply (r)', onclick: () => answer('reply') }, 'Reply'),
        h('button', { type: 'button', class: 'secondary', title: 'Reply all (a)', onclick: () => answer('reply-all') }, 'Reply all'),
        h('button', { type: 'button', class: 'secondary', title: 'Forward (f)', onclick: () => answer('forward') }, 'Forward'),
      ] : null,
      folder !== 'archive' ? h('button', { type: 'button', class: 'secondary', title: 'Archive (e)', onclick: () => patch({ folder: 'archive' }, 'Archived.') }, 'Archive')
        : h('button', { type: 'button', class: 'secondary', onclick: () => patch({ folder: 'inbox' }, 'Moved to the inbox.') }, 'Move to inbox'),
      folder !== 'trash' ? h('button', { type: 'button', class: 'secondary', title: 'Trash (#)', onclick: () => patch({ folder: 'trash' }, 'Moved to the trash.') }, 'Trash') : null,
      h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(starred), onclick: () => patch({ starred: !starred }, starred ? 'Star removed.' : 'Starred.') },
        h('span', { 'aria-hidden': 'true' }, starred ? '★ ' : '☆ '), 'Star'),
      h('button', { type: 'button', class: 'secondary', onclick: () => patch({ unread: true }, 'Marked unread.') }, 'Mark unread'),
      labelsButton),
    answering, labelsForm, status);
}
