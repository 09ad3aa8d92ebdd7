// The Threads list: one page at a time (Load more), rows with participants, subject, snippet, time, unread,
// starred, attachments and badges; bulk selection with Archive / Mark read / Mark unread / Label, applied
// optimistically and rolled back when the server refuses; live refresh of the rows events touch.
import { h, replace, clear, srOnly, icon } from './dom.js';
import { relativeTime, absoluteTime, displayName, attachmentMatch } from './format.js';
import { highlightNodes, segmentNodes } from './search.js';

const PAGE = 50;
const EMPTY = {
  inbox: 'The inbox is empty. Mail to the addresses of your domains shows up here as it arrives.',
  drafts: 'No drafts are waiting for approval.',
  sent: 'Nothing sent yet.',
  archive: 'The archive is empty: archived threads leave the inbox and wait here.',
  trash: 'The trash is empty.',
  spam: 'No spam.',
};
const DELIVERY_PROBLEMS = { deferred: 'Delivery deferred', bounced: 'Bounced', failed: 'Delivery failed' };

export function createThreadList(el, ctx, { onOpen }) {
  let route = null;
  let items = [];
  let nextToken = null;
  let loading = false;
  let error = null;
  let openId = null;
  let focusedId = null;
  let generation = 0;
  let refreshTimer = null;
  const selected = new Set();
  const rows = new Map(); // thread id -> li

  const status = h('p', { class: 'list-status', role: 'status' });
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all', onchange: () => toggleAll(selectAll.checked) });
  const selectedCount = h('span', { class: 'selected-count' });
  const labelChoices = h('datalist', { id: 'bulk-label-choices' });
  const labelInput = h('input', { type: 'text', id: 'bulk-label', 'aria-label': 'Label name', placeholder: 'label', autocomplete: 'off', list: 'bulk-label-choices' });
  const labelForm = h('form', { class: 'bulk-label', hidden: true, onsubmit: (ev) => { ev.preventDefault(); applyLabel(); } },
    labelInput, labelChoices, h('button', { type: 'submit' }, 'Apply'), h('button', { type: 'button', class: 'secondary', onclick: () => { labelForm.hidden = true; } }, 'Cancel'));
  const bulkButtons = h('div', { class: 'bulk-actions', hidden: true },
    selectedCount,
    h('button', { type: 'button', onclick: () => bulk('archive') }, 'Archive'),
    h('button', { type: 'button', onclick: () => bulk('read') }, 'Mark read'),
    h('button', { type: 'button', onclick: () => bulk('unread') }, 'Mark unread'),
    h('button', { type: 'button', 'aria-expanded': 'false', onclick: (ev) => {
      labelForm.hidden = !labelForm.hidden;
      ev.currentTarget.setAttribute('aria-expanded', String(!labelForm.hidden));
      if (!labelForm.hidden) {
        replace(labelChoices, (ctx.labels ? ctx.labels() : []).map((l) => h('option', { value: l.name })));
        labelInput.focus();
      }
    } }, 'Label'));
  const heading = h('h2', { class: 'list-heading' });
  const refreshButton = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Refresh', title: 'Refresh', onclick: () => refresh() }, icon('refresh'));
  const toolbar = h('div', { class: 'list-toolbar' }, h('label', { class: 'select-all' }, selectAll), heading, refreshButton, bulkButtons, labelForm);
  const listEl = h('ul', { class: 'thread-rows' });
  const footer = h('div', { class: 'list-footer' });
  replace(el, toolbar, status, listEl, footer);

  const offs = ['message.received', 'message.sent', 'message.delivered', 'message.deferred', 'message.bounced',
    'message.failed', 'draft.created', 'draft.approved', 'draft.rejected', 'thread.changed']
    .map((type) => ctx.live.on(type, (data) => onLiveEvent(type, data)));
  offs.push(ctx.live.on('mailboxes.loaded', () => { if (route && !loading) render(); }));

  function query(r, token) {
    const q = { limit: PAGE, page_token: token };
    if (r.view === 'search') { q.q = r.q; return q; }
    if (r.mailbox && r.mailbox !== 'all') q.mailbox = r.mailbox;
    if (r.label) q.label = r.label; else q.folder = r.folder || 'inbox';
    return q;
  }

  async function show(r) {
    route = r;
    const gen = ++generation;
    items = []; nextToken = null; error = null; selected.clear(); focusedId = null;
    heading.textContent = r.view === 'search' ? 'Search results' : r.label ? `Label: ${r.label}` : titleCase(r.folder || 'inbox');
    render();
    await fetchPage(gen, null);
  }

  async function fetchPage(gen, token) {
    loading = true; renderFooter();
    status.textContent = token ? 'Loading more threads…' : 'Loading threads…';
    try {
      const page = await ctx.api.get('/v1/threads', { query: query(route, token) });
      if (gen !== generation) return;
      const known = new Set(items.map((t) => t.id));
      items.push(...(page.items || []).filter((t) => !known.has(t.id)));
      nextToken = page.next_page_token || null;
      error = null;
    } catch (e) {
      if (gen !== generation) return;
      error = e;
    } finally {
      if (gen === generation) { loading = false; render(); }
    }
  }

  function render() {
    // Rows are rebuilt: keep the keyboard focus on the same control of the same thread.
    const active = document.activeElement;
    const activeRow = active && listEl.contains(active) ? active.closest('.thread-row') : null;
    const activeId = activeRow ? [...rows].find(([, row]) => row === activeRow)?.[0] : null;
    const activeClass = activeId ? ['thread-link', 'row-check', 'star'].find((c) => active.classList.contains(c)) : null;
    rows.clear();
    replace(listEl, items.map((t) => {
      const row = renderRow(t);
      rows.set(t.id, row);
      return row;
    }));
    if (activeId && activeClass) rows.get(activeId)?.querySelector(`.${activeClass}`)?.focus({ preventScroll: true });
    if (error) {
      status.textContent = '';
      status.append(h('span', { class: 'form-error', role: 'alert' }, errorText(error), ' ',
        error.status === 422 ? null : h('button', { type: 'button', class: 'link-button', onclick: () => show(route) }, 'Retry')));
    } else if (!loading && !items.length) {
      status.textContent = emptyText(route);
    } else {
      status.textContent = loading ? status.textContent : '';
    }
    renderFooter();
    renderBulk();
  }

  function emptyText(r) {
    if (!r) return '';
    if (r.view === 'search') return 'No threads match this search.';
    if (r.label) return `No threads carry the label ${r.label}.`;
    return EMPTY[r.folder] || 'No threads here.';
  }

  function errorText(e) {
    if (e.status === 422 && route && route.view === 'search') return `The search could not be read: ${e.about('q')}`;
    if (e.status === 404) return 'This mailbox does not exist or the key may not see it.';
    if (e.status === 403) return 'This key may not read threads.';
    return `Threads could not be loaded: ${e.detail || e.title}`;
  }

  function renderFooter() {
    clear(footer);
    if (nextToken && !error) {
      footer.append(h('button', { type: 'button', class: 'secondary', disabled: loading, onclick: () => fetchPage(generation, nextToken) },
        loading ? 'Loading…' : 'Load more'));
    }
  }

  function renderRow(t) {
    const unread = (t.unread_count || 0) > 0;
    const participants = Array.isArray(t.participants) ? t.participants : [];
    // Until the listing carries participants, the mailbox's address says whose thread it is.
    const who = participants.length ? participants.map(displayName).filter(Boolean).join(', ')
      : ((ctx.mailbox(t.mailbox_id) || {}).address || '');
    const highlights = t.highlights || {};
    const subjectHl = highlights.subject ?? t.subject_highlight;
    const bodyHl = highlights.body ?? t.body_highlight;
    const inAttachment = attachmentMatch(t);
    const subject = t.subject || '(no subject)';
    const badges = [];
    if (t.needs_reply) badges.push(h('span', { class: 'badge needs-reply', 'aria-label': 'Needs reply' }, 'Needs reply'));
    if ((t.drafts_pending || 0) > 0) badges.push(h('span', { class: 'badge draft-waiting', 'aria-label': 'Draft waiting' }, t.drafts_pending > 1 ? `${t.drafts_pending} drafts waiting` : 'Draft waiting'));
    if (t.delivery_problem) badges.push(h('span', { class: 'badge delivery-problem', 'aria-label': 'Delivery problem', title: DELIVERY_PROBLEMS[t.delivery_problem] || t.delivery_problem }, 'Delivery problem'));
    for (const label of t.labels || []) badges.push(h('span', { class: 'badge label-badge' }, label));

    const link = h('a', {
      href: `#/t/${encodeURIComponent(t.id)}`, class: 'thread-link', dataset: { id: t.id },
      onclick: (ev) => { if (ev.button === 0 && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey) { ev.preventDefault(); focusedId = t.id; onOpen(t.id); } },
      onfocus: () => { focusedId = t.id; markFocus(); },
    },
    // Subject first: the link's accessible name starts with it. Spaces between parts keep the name readable
    // (whitespace between grid items does not show).
    spaced([
      h('span', { class: 'subject' }, subjectHl ? highlightNodes(subjectHl) : subject),
      unread ? srOnly('Unread') : null,
      h('span', { class: 'participants' }, who || ' '),
      t.message_count > 1 ? h('span', { class: 'message-count' }, h('span', { 'aria-hidden': 'true' }, String(t.message_count)), srOnly(`${t.message_count} messages`)) : null,
      h('span', { class: 'snippet' }, bodyHl ? highlightNodes(bodyHl) : (t.snippet || '')),
      inAttachment ? h('span', { class: 'attachment-match', title: inAttachment.filename },
        icon('clip'), ' ', srOnly('In attachment '),
        h('span', { class: 'attachment-name' }, inAttachment.filename), ': ', segmentNodes(inAttachment.segments)) : null,
      badges.length ? h('span', { class: 'badges' }, spaced(badges)) : null,
      t.has_attachments ? h('span', { class: 'attachment-marker', title: 'Has attachments' }, icon('clip'), srOnly('Has attachments')) : null,
      h('time', { class: 'time', datetime: t.last_message_at, title: absoluteTime(t.last_message_at) }, relativeTime(t.last_message_at)),
    ]));

    const check = h('input', {
      type: 'checkbox', class: 'row-check', 'aria-label': `Select ${subject}`, checked: selected.has(t.id),
      onchange: () => { if (check.checked) selected.add(t.id); else selected.delete(t.id); renderBulk(); },
    });
    const starred = Boolean(t.starred);
    const star = h('button', {
      type: 'button', class: `star${starred ? ' on' : ''}`, 'aria-pressed': String(starred), 'aria-label': 'Star',
      title: starred ? 'Unstar' : 'Star', onclick: () => toggleStar(t),
    }, icon('star'));
    return h('li', {
      class: `thread-row${unread ? ' unread' : ''}${t.id === openId ? ' open' : ''}${t.id === focusedId ? ' focused' : ''}`,
      'aria-current': t.id === openId ? 'true' : null,
    }, check, star, link);
  }

  function renderBulk() {
    const n = [...selected].filter((id) => items.some((t) => t.id === id)).length;
    bulkButtons.hidden = n === 0;
    if (n === 0) labelForm.hidden = true;
    selectedCount.textContent = n ? `${n} selected` : '';
    selectAll.checked = n > 0 && n === items.length;
    selectAll.indeterminate = n > 0 && n < items.length;
  }

  function toggleAll(on) {
    selected.clear();
    if (on) items.forEach((t) => selected.add(t.id));
    for (const [id, row] of rows) row.querySelector('.row-check').checked = selected.has(id);
    renderBulk();
  }

  /** Applies `patch` to threads `ids` on the server after `optimistic()` changed the view; undoes on failure. */
  async function change(ids, patch, optimistic, doneText) {
    const before = { items: items.map((t) => ({ ...t })), selected: new Set(selected) };
    optimistic();
    render();
    const results = await Promise.allSettled(ids.map((id) => ctx.api.send('PATCH', `/v1/threads/${encodeURIComponent(id)}`, patch)));
    const failed = results.map((r, i) => [r, ids[i]]).filter(([r]) => r.status === 'rejected');
    if (failed.length) {
      const failedIds = new Set(failed.map(([, id]) => id));
      // Roll back the threads the server refused; keep what it applied.
      const previous = new Map(before.items.map((t) => [t.id, t]));
      const current = new Map(items.map((t) => [t.id, t]));
      items = before.items.map((t) => (failedIds.has(t.id) ? previous.get(t.id) : current.get(t.id))).filter(Boolean);
      failedIds.forEach((id) => selected.add(id));
      render();
      const reason = failed[0][0].reason;
      status.textContent = '';
      status.append(h('span', { class: 'form-error', role: 'alert' },
        `${failed.length} of ${ids.length} could not be changed: ${reason.detail || reason.title || reason.message}`));
    } else {
      ctx.announce(doneText);
      ctx.live.emit('thread.changed', { thread_ids: ids, local: true });
    }
    return failed.length === 0;
  }

  function bulk(action) {
    const ids = [...selected].filter((id) => items.some((t) => t.id === id));
    if (!ids.length) return;
    const n = ids.length === 1 ? '1 thread' : `${ids.length} threads`;
    if (action === 'archive') {
      const leaves = route && route.view !== 'search' && !route.label && route.folder !== 'archive';
      return change(ids, { folder: 'archive' }, () => {
        if (leaves) items = items.filter((t) => !ids.includes(t.id));
        ids.forEach((id) => selected.delete(id));
      }, `${n} archived`);
    }
    if (action === 'read' || action === 'unread') {
      const unread = action === 'unread';
      return change(ids, { unread }, () => {
        items = items.map((t) => (ids.includes(t.id) ? { ...t, unread_count: unread ? Math.max(1, t.unread_count || 0) : 0 } : t));
      }, `${n} marked ${action}`);
    }
  }

  function applyLabel() {
    const label = labelInput.value.trim();
    const ids = [...selected].filter((id) => items.some((t) => t.id === id));
    if (!label || !ids.length) return;
    labelForm.hidden = true;
    labelInput.value = '';
    change(ids, { add_labels: [label] }, () => {
      items = items.map((t) => (ids.includes(t.id) ? { ...t, labels: [...new Set([...(t.labels || []), label])] } : t));
    }, `Label ${label} added`);
  }

  function toggleStar(t) {
    const starred = !t.starred;
    change([t.id], { starred }, () => {
      items = items.map((x) => (x.id === t.id ? { ...x, starred } : x));
    }, starred ? 'Starred' : 'Star removed');
  }

  /** Moves thread `id` (the open one, else the focused one) to `folder` (archive, trash). */
  async function moveCurrent(id, folder) {
    const target = id || focusedId;
    if (!target) return;
    const index = items.findIndex((t) => t.id === target);
    const ok = await change([target], { folder }, () => {
      if (!route || route.folder !== folder) items = items.filter((t) => t.id !== target);
    }, folder === 'archive' ? 'Archived' : 'Moved to trash');
    if (ok && id) {
      const next = items[Math.min(index, items.length - 1)];
      if (next) onOpen(next.id); else ctx.navigate(route || { view: 'list', mailbox: 'all', folder: 'inbox' });
    }
  }

  function markFocus() {
    for (const [id, row] of rows) row.classList.toggle('focused', id === focusedId);
  }

  /** With a thread open: opens the next (1) or previous (-1) thread of the list, if any. */
  function openAdjacent(id, delta) {
    const index = items.findIndex((t) => t.id === id);
    const next = index < 0 ? null : items[index + delta];
    if (next) onOpen(next.id);
    else if (index === items.length - 1 && delta > 0 && nextToken && !loading) fetchPage(generation, nextToken);
  }

  function move(delta) {
    if (!items.length) return;
    const from = focusedId || openId;
    let index = items.findIndex((t) => t.id === from);
    index = index < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, index + delta));
    focusedId = items[index].id;
    markFocus();
    const link = rows.get(focusedId)?.querySelector('.thread-link');
    if (link) { link.focus({ preventScroll: true }); link.scrollIntoView({ block: 'nearest' }); }
    if (index === items.length - 1 && nextToken && !loading) fetchPage(generation, nextToken);
  }

  function onLiveEvent(type, data) {
    if (!route) return;
    if (type === 'message.received' && data && !data.local) {
      ctx.announce(`New message from ${data.from || 'someone'}${data.subject ? `: ${data.subject}` : ''}`);
    }
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 300);
  }

  /** Re-reads the first page and merges it: changed rows update, new rows appear on top, the rest stays. */
  async function refresh() {
    if (!route) return;
    const gen = generation;
    try {
      const page = await ctx.api.get('/v1/threads', { query: query(route, null) });
      if (gen !== generation) return;
      const fresh = page.items || [];
      const freshIds = new Set(fresh.map((t) => t.id));
      const firstPageIds = new Set(items.slice(0, PAGE).map((t) => t.id));
      // Rows of the old first page that left it (archived elsewhere, moved down) go; later pages stay.
      const rest = items.filter((t) => !freshIds.has(t.id) && !firstPageIds.has(t.id));
      items = [...fresh, ...rest];
      if (!nextToken && page.next_page_token && items.length <= fresh.length) nextToken = page.next_page_token;
      error = null;
      render();
    } catch (e) {
      if (e.status !== 401) console.warn('thread list refresh failed', e);
    }
  }

  return {
    show,
    refresh,
    move,
    openAdjacent,
    moveCurrent,
    shown: () => route !== null,
    openFocused() { const id = focusedId || openId; if (id) onOpen(id); },
    markOpen(id) {
      openId = id;
      if (id) focusedId = id;
      for (const [rid, row] of rows) {
        row.classList.toggle('open', rid === id);
        if (rid === id) row.setAttribute('aria-current', 'true'); else row.removeAttribute('aria-current');
        row.classList.toggle('focused', rid === focusedId);
      }
      // Opening a thread reads it: the row stops being bold at once (reader.js marks it read on the server and
      // emits thread.changed, which refreshes the list from the server).
      const t = items.find((x) => x.id === id);
      if (t && t.unread_count) {
        t.unread_count = 0;
        const row = rows.get(id);
        if (row) { const fresh = renderRow(t); rows.set(id, fresh); row.replaceWith(fresh); }
      }
    },
    subjectOf: (id) => (items.find((t) => t.id === id) || {}).subject,
    stop() { clearTimeout(refreshTimer); offs.forEach((off) => off()); },
  };
}

function spaced(parts) {
  return parts.filter(Boolean).flatMap((p, i) => (i ? [' ', p] : [p]));
}

function titleCase(s) {
  return s[0].toUpperCase() + s.slice(1);
}
