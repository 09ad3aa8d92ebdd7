// Hash routes (no server fallback needed):
//   #/m/<mailboxId|all>/<folder>          a folder of one mailbox or of all
//   #/m/<mailboxId|all>/label/<label>     the threads carrying a label
//   #/t/<threadId>                        one thread in the reading pane (the list keeps its last view)
//   #/search/<query>                      search results

export const FOLDERS = ['inbox', 'drafts', 'sent', 'archive', 'trash', 'spam'];
export const DEFAULT_ROUTE = Object.freeze({ view: 'list', mailbox: 'all', folder: 'inbox', label: null });

/** The route of a location hash (`#/…`); unknown hashes give the default route. Pure. */
export function parseHash(hash) {
  const parts = String(hash || '').replace(/^#\/?/, '').split('/').map(safeDecode);
  const [head, a, b, c] = parts;
  if (head === 't' && a) return { view: 'thread', threadId: a };
  if (head === 'search' && parts.length > 1) {
    const q = parts.slice(1).join('/');
    if (q.trim()) return { view: 'search', q };
  }
  if (head === 'm' && a) {
    if (b === 'label' && c) return { view: 'list', mailbox: a, folder: null, label: c };
    if (b && FOLDERS.includes(b)) return { view: 'list', mailbox: a, folder: b, label: null };
    return { view: 'list', mailbox: a, folder: 'inbox', label: null };
  }
  return { ...DEFAULT_ROUTE };
}

/** The hash of a route. Pure; `parseHash(formatHash(r))` gives `r` back. */
export function formatHash(route) {
  switch (route.view) {
    case 'thread': return `#/t/${encodeURIComponent(route.threadId)}`;
    case 'search': return `#/search/${encodeURIComponent(route.q)}`;
    default: {
      const mailbox = encodeURIComponent(route.mailbox || 'all');
      return route.label
        ? `#/m/${mailbox}/label/${encodeURIComponent(route.label)}`
        : `#/m/${mailbox}/${route.folder || 'inbox'}`;
    }
  }
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** Calls `onRoute(route)` now and on every hash change; returns `{ navigate(route | hash), stop() }`. */
export function startRouter(onRoute) {
  const fire = () => onRoute(parseHash(location.hash));
  window.addEventListener('hashchange', fire);
  fire();
  return {
    navigate(target) {
      const hash = typeof target === 'string' ? target : formatHash(target);
      if (hash === location.hash) fire(); else location.hash = hash;
    },
    stop() { window.removeEventListener('hashchange', fire); },
  };
}
