// The Mailboxes sidebar: Compose (with `send`), the folders of the chosen scope, the mailboxes grouped by agent
// class (instances' addresses with unread counts) and other addresses, the scope's labels.
import { h, replace, srOnly, icon } from './dom.js';
import { formatHash } from './router.js';

const FOLDER_NAMES = [['inbox', 'Inbox'], ['drafts', 'Drafts'], ['sent', 'Sent'], ['archive', 'Archive'], ['trash', 'Trash']];

export function createSidebar(el, ctx) {
  let mailboxes = [];
  let labels = [];
  let route = { view: 'list', mailbox: 'all', folder: 'inbox' };
  let error = null;
  let loaded = false;
  let reloadTimer = null;

  async function load() {
    try {
      const items = [];
      let token = null;
      do {
        const page = await ctx.api.get('/v1/mailboxes', { query: { limit: 100, page_token: token } });
        items.push(...(page.items || []));
        token = page.next_page_token;
      } while (token && items.length < 2000);
      mailboxes = items;
      error = null;
    } catch (e) {
      if (e.status === 401) return;
      error = `Mailboxes could not be loaded: ${e.detail || e.title}`;
    }
    loaded = true;
    await loadLabels();
    render();
    ctx.live.emit('mailboxes.loaded', { count: mailboxes.length });
  }

  async function loadLabels() {
    const scope = route.mailbox && route.mailbox !== 'all' ? route.mailbox : null;
    try {
      const answer = await ctx.api.get('/v1/labels', { query: { mailbox: scope } });
      labels = (answer.items || answer.labels || []).map((l) => (typeof l === 'string' ? { name: l } : l));
    } catch {
      labels = []; // before the labels endpoint exists (404) or without permission: no labels section
    }
  }

  /** Re-reads counts soon (many events in a burst cause one reload). */
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 400);
  }

  const offs = [
    ctx.live.on('message.received', reloadSoon),
    ctx.live.on('draft.created', reloadSoon),
    ctx.live.on('thread.changed', reloadSoon),
  ];

  function link(target, label, count, current) {
    return h('a', { href: formatHash(target), class: 'nav-link', 'aria-current': current ? 'page' : null },
      h('span', { class: 'nav-label' }, label),
      count ? h('span', { class: 'count' }, String(count), srOnly(' unread')) : null);
  }

  function render() {
    const scope = route.view === 'list' ? route.mailbox : 'all';
    const scoped = mailboxes.find((m) => m.id === scope);
    const unreadOf = (list) => list.reduce((n, m) => n + (m.unread || 0), 0);
    const compose = ctx.session.can('send')
      ? h('button', { type: 'button', class: 'primary compose-button', onclick: () => ctx.compose({ mode: 'new' }) }, icon('pen'), 'Compose')
      : null;

    const folders = h('ul', { class: 'nav-list' }, FOLDER_NAMES.map(([folder, name]) => h('li', null,
      link({ view: 'list', mailbox: scope, folder }, name,
        folder === 'inbox' ? (scoped ? scoped.unread : unreadOf(mailboxes)) : 0,
        route.view === 'list' && !route.label && route.folder === folder))));

    const groups = new Map();
    const plain = [];
    for (const m of mailboxes) {
      if (m.agent_class) {
        if (!groups.has(m.agent_class)) groups.set(m.agent_class, []);
        groups.get(m.agent_class).push(m);
      } else plain.push(m);
    }
    const folderOfRoute = route.view === 'list' && route.folder ? route.folder : 'inbox';
    const mailboxItem = (m) => h('li', null, link({ view: 'list', mailbox: m.id, folder: folderOfRoute },
      m.agent_instance && m.agent_class ? [h('span', { class: 'instance' }, m.agent_instance), ' ', h('span', { class: 'address' }, m.address)] : m.address,
      m.unread, scope === m.id));
    const groupEls = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([cls, list], i) =>
      h('li', { class: 'group' },
        h('span', { class: 'group-name', id: `agent-class-${i}` }, cls, unreadOf(list) ? h('span', { class: 'count subtle' }, String(unreadOf(list)), srOnly(' unread')) : null),
        h('ul', { class: 'nav-list', 'aria-labelledby': `agent-class-${i}` }, list.map(mailboxItem))));
    const mailboxList = h('ul', { class: 'nav-list mailboxes' },
      h('li', null, link({ view: 'list', mailbox: 'all', folder: folderOfRoute }, 'All mailboxes', unreadOf(mailboxes), scope === 'all')),
      groupEls,
      plain.length ? h('li', { class: 'group' }, h('span', { class: 'group-name', id: 'class-other' }, 'Other addresses'),
        h('ul', { class: 'nav-list', 'aria-labelledby': 'class-other' }, plain.map(mailboxItem))) : null);

    const labelSection = labels.length ? h('div', { class: 'nav-section' },
      h('h2', { class: 'nav-heading', id: 'labels-heading' }, 'Labels'),
      h('ul', { class: 'nav-list', 'aria-labelledby': 'labels-heading' }, labels.map((l) => h('li', null,
        link({ view: 'list', mailbox: scope, label: l.name }, l.name, l.unread || 0, route.view === 'list' && route.label === l.name))))) : null;

    replace(el,
      compose,
      h('div', { class: 'nav-section' },
        h('h2', { class: 'nav-heading', id: 'folders-heading' }, scoped ? scoped.address : 'All mailboxes'),
        folders),
      h('div', { class: 'nav-section' },
        h('h2', { class: 'nav-heading', id: 'mailboxes-heading' }, 'Mailboxes'),
        error ? h('p', { class: 'form-error', role: 'alert' }, error, ' ', h('button', { type: 'button', class: 'link-button', onclick: load }, 'Retry')) : null,
        loaded && !error && !mailboxes.length ? h('p', { class: 'muted' }, 'No mailboxes yet: mail to an address of your domains creates one.') : null,
        mailboxList),
      labelSection);
  }

  return {
    load,
    /** Marks the current route; re-reads labels when the mailbox scope changes. */
    select(next) {
      const scopeChanged = (next.mailbox || 'all') !== (route.mailbox || 'all');
      route = next;
      if (scopeChanged && loaded) loadLabels().then(render); else render();
    },
    mailbox: (id) => mailboxes.find((m) => m.id === id) || null,
    get mailboxes() { return mailboxes; },
    get labels() { return labels; },
    stop() { clearTimeout(reloadTimer); offs.forEach((off) => off()); },
  };
}
