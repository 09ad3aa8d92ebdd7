// The signed-in session: POST/GET/DELETE /ui/session (HttpOnly cookie set by the api, CSRF token kept here in
// memory only), and what the key may do.

export function createSession() {
  let state = null;
  const listeners = new Set();
  const changed = () => listeners.forEach((fn) => fn(state));

  return {
    /** The session JSON `{csrf_token, expires_at, key: {id, name, permissions, domains}}`, or null. */
    get current() { return state; },
    get csrfToken() { return state ? state.csrf_token : null; },
    get key() { return state ? state.key : null; },
    /** Whether the key has `permission` (`admin` implies every other). */
    can(permission) {
      const perms = (state && state.key && state.key.permissions) || [];
      return perms.includes(permission) || perms.includes('admin');
    },
    /** The key's domains as one line ("every domain" for `*`). */
    domainsText() {
      const domains = (state && state.key && state.key.domains) || [];
      return domains.includes('*') ? 'every domain' : domains.join(', ');
    },
    /** Asks the server for the current session; true when signed in. */
    async restore(api) {
      try {
        state = await api.get('/ui/session', { quiet401: true });
      } catch (e) {
        if (e.status !== 401) throw e;
        state = null;
      }
      changed();
      return state !== null;
    },
    /** Signs in with an API key; throws ApiError (401 names `api_key`). */
    async signIn(api, apiKey) {
      state = await api.send('POST', '/ui/session', { api_key: apiKey }, { quiet401: true });
      changed();
      return state;
    },
    /** Signs out on the server (the cookie is cleared) and forgets the session here. */
    async signOut(api) {
      try {
        await api.send('DELETE', '/ui/session', undefined, { quiet401: true });
      } finally {
        state = null;
        changed();
      }
    },
    /** Forgets the session here (after a 401). */
    drop() { state = null; changed(); },
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}
