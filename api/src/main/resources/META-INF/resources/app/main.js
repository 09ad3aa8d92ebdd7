// The app: sign-in, then the three regions (#sidebar Mailboxes, #list Threads, #reader Message), the header,
// routing, live updates and keyboard. C2's reading pane and compose plug in through reader.js / compose.js.
import { h, replace, icon } from './dom.js';
import { createApi } from './api.js';
import { createSession } from './session.js';
import { startRouter, formatHash, DEFAULT_ROUTE } from './router.js';
import { createLive } from './live.js';
import * as reader from './reader.js';
import { openCompose } from './compose.js';
import { createSidebar } from './sidebar.js';
import { createThreadList } from './threads.js';
import { createSearchBox } from './search.js';
import { installKeys, openHelp } from './keys.js';

const root = document.getElementById('app');
const session = createSession();
const api = createApi({
  csrf: () => session.csrfToken,
  onUnauthorized: () => { if (app) showSignIn('Your session has ended. Sign in again.'); },
});

let app = null; // the running shell, null while signed out

boot();

async function boot() {
  try {
    if (await session.restore(api)) startApp(); else showSignIn();
  } catch (e) {
    showSignIn(`The server could not be reached: ${e.detail || e.message}`);
  }
}

/** The sign-in page: the API key field, errors from the problem detail. */
function showSignIn(notice) {
  stopApp();
  session.drop();
  const input = h('input', {
    id: 'api-key', name: 'api_key', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': 'signin-error',
  });
  const error = h('p', { id: 'signin-error', class: 'form-error', role: 'alert' }, notice || '');
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    if (!key) { error.textContent = 'Enter an API key.'; input.focus(); return; }
    button.disabled = true;
    error.textContent = '';
    try {
      await session.signIn(api, key);
      input.value = '';
      startApp();
    } catch (e) {
      error.textContent = e.status === 401 ? (e.about('api_key') || 'This API key is not valid.') : (e.detail || e.title || e.message);
      input.setAttribute('aria-invalid', 'true');
      button.disabled = false;
      input.focus();
    }
  } },
  h('h1', null, 'Mailroom inbox'),
  h('p', { class: 'muted' }, 'Sign in with an API key. The inbox shows what the key may see.'),
  h('label', { for: 'api-key' }, 'API key'),
  input, error, button);
  root.className = 'signin-page';
  replace(root, h('main', { class: 'signin' }, form));
  document.title = 'Sign in · Mailroom inbox';
  input.focus();
}

/** The signed-in shell. */
function startApp() {
  stopApp();
  const announcer = h('div', { id: 'announcer', class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const sidebarEl = h('nav', { id: 'sidebar', 'aria-label': 'Mailboxes', class: 'sidebar' });
  const listEl = h('section', { id: 'list', 'aria-label': 'Threads', class: 'list' });
  const readerContent = h('div', { id: 'reader-content', class: 'reader-content' });
  const backButton = h('button', { type: 'button', class: 'back-button', onclick: () => closeReader() }, icon('back'), 'Back');
  const readerEl = h('section', { id: 'reader', 'aria-label': 'Message', class: 'reader', tabindex: '-1' },
    h('div', { class: 'reader-bar' }, backButton), readerContent);
  const live = createLive(api);
  const state = { listRoute: { ...DEFAULT_ROUTE }, threadId: null };
  const ctx = {
    api, session, live,
    navigate: (route) => navigate(route),
    announce(text) { announcer.textContent = ''; setTimeout(() => { announcer.textContent = text; }, 50); },
    /** Re-reads the list (e.g. after C2 archived or answered something). */
    refresh: () => threads.refresh(),
    /** The mailbox object of an id, when the sidebar has it. */
    mailbox: (id) => sidebar.mailbox(id),
    /** The labels in use (`[{name, unread, …}]`) of the sidebar's scope. */
    labels: () => sidebar.labels,
    compose: (opts) => compose(opts),
  };

  const sidebar = createSidebar(sidebarEl, ctx);
  const threads = createThreadList(listEl, ctx, { onOpen: (id) => navigate({ view: 'thread', threadId: id }) });
  const search = createSearchBox(ctx);

  const menuButton = h('button', {
    type: 'button', class: 'icon-button menu-toggle', 'aria-controls': 'sidebar', 'aria-expanded': 'false',
    'aria-label': 'Show mailboxes', onclick: () => toggleMenu(),
  }, icon('menu'));
  const key = session.key || {};
  const header = h('header', { class: 'topbar' },
    menuButton,
    h('a', { class: 'brand', href: formatHash(DEFAULT_ROUTE) }, 'Mailroom'),
    search.el,
    h('div', { class: 'key-info', title: `Key ${key.id || ''}` },
      h('span', { class: 'key-name' }, key.name || key.id || 'API key'),
      h('span', { class: 'key-domains' }, session.domainsText())),
    h('button', { type: 'button', class: 'icon-button help-button', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)', onclick: () => openHelp() }, '?'),
    h('button', { type: 'button', class: 'secondary', onclick: () => signOut() }, 'Sign out'));

  let running = true;
  const liveStatus = h('span', { class: 'live-status', title: 'Live updates' });
  live.onStatus((s) => {
    liveStatus.dataset.state = s;
    liveStatus.textContent = s === 'open' ? 'Live' : s === 'connecting' ? 'Connecting…' : 'Offline';
    // The server closed the stream: if the session ended, this answers 401 and the app returns to sign-in.
    if (s === 'closed' && running) api.get('/ui/session').catch(() => {});
  });
  header.insertBefore(liveStatus, header.querySelector('.key-info'));
  const shell = h('div', { class: 'shell', onclick: (ev) => {
    // A click beside the open drawer (narrow screens) closes it.
    if (shell.classList.contains('menu-open') && !sidebarEl.contains(ev.target)) { ev.preventDefault(); toggleMenu(false); }
  } }, sidebarEl, listEl, readerEl);
  root.className = 'app';
  replace(root, header, shell, announcer);
  showReaderEmpty();

  function toggleMenu(open = !shell.classList.contains('menu-open')) {
    const was = shell.classList.contains('menu-open');
    shell.classList.toggle('menu-open', open);
    menuButton.setAttribute('aria-expanded', String(open));
    menuButton.setAttribute('aria-label', open ? 'Hide mailboxes' : 'Show mailboxes');
    if (open && !was) sidebarEl.querySelector('a, button')?.focus();
    if (!open && was && sidebarEl.contains(document.activeElement)) menuButton.focus();
  }

  function showReaderEmpty() {
    replace(readerContent, h('div', { class: 'empty-state' }, h('p', null, 'Select a thread to read it.')));
  }

  function closeReader() {
    state.threadId = null;
    navigate(state.listRoute);
  }

  function navigate(route) {
    router.navigate(route);
  }

  async function showThread(threadId) {
    state.threadId = threadId;
    shell.classList.add('reading');
    threads.markOpen(threadId);
    replace(readerContent, h('p', { class: 'loading' }, 'Loading the thread…'));
    try {
      await reader.openThread(readerContent, threadId, ctx);
      document.title = `${threads.subjectOf(threadId) || 'Thread'} · Mailroom inbox`;
    } catch (e) {
      if (state.threadId !== threadId) return;
      replace(readerContent, h('div', { class: 'error-state', role: 'alert' },
        h('p', null, e.status === 404 ? 'Thread not found: it does not exist, or this key may not see it.' : `The thread could not be loaded: ${e.detail || e.title || e.message}`)));
    }
  }

  function onRoute(route) {
    toggleMenu(false);
    if (route.view === 'thread') {
      if (!threads.shown()) { threads.show(state.listRoute); sidebar.select(state.listRoute); }
      showThread(route.threadId);
      return;
    }
    state.listRoute = route;
    state.threadId = null;
    shell.classList.remove('reading');
    threads.markOpen(null);
    search.set(route.view === 'search' ? route.q : '');
    sidebar.select(route);
    threads.show(route);
    showReaderEmpty();
    document.title = `${route.view === 'search' ? `Search: ${route.q}` : titleOf(route)} · Mailroom inbox`;
  }

  function compose(opts) {
    if (!session.can('send')) return;
    const mailbox = opts.mailbox || sidebar.mailbox(state.listRoute.mailbox) || null;
    openCompose({ ...opts, mailbox }, ctx);
  }

  const removeKeys = installKeys({
    next: () => (state.threadId ? threads.openAdjacent(state.threadId, 1) : threads.move(1)),
    previous: () => (state.threadId ? threads.openAdjacent(state.threadId, -1) : threads.move(-1)),
    open: () => threads.openFocused(),
    reply: () => answer('reply'),
    replyAll: () => answer('reply-all'),
    forward: () => answer('forward'),
    archive: () => threads.moveCurrent(state.threadId, 'archive'),
    trash: () => threads.moveCurrent(state.threadId, 'trash'),
    search: () => search.focus(),
    compose: () => compose({ mode: 'new' }),
    escape: () => { if (shell.classList.contains('menu-open')) toggleMenu(false); else if (state.threadId) closeReader(); },
  });

  function answer(mode) {
    const message = typeof reader.currentMessage === 'function' ? reader.currentMessage() : null;
    if (message) compose({ mode, message });
  }

  async function signOut() {
    try { await session.signOut(api); } catch { /* the cookie expires anyway; the app forgets it now */ }
    showSignIn('You have signed out.');
  }

  live.start();
  sidebar.load();
  const router = startRouter(onRoute);
  app = { stop() { running = false; router.stop(); removeKeys(); live.close(); sidebar.stop?.(); threads.stop?.(); } };
}

function stopApp() {
  if (app) { app.stop(); app = null; }
}

function titleOf(route) {
  if (route.label) return `Label ${route.label}`;
  const f = route.folder || 'inbox';
  return f[0].toUpperCase() + f.slice(1);
}
