// Placeholder for C2's reading pane (branch i18-app-reader replaces this file).
import { h, replace } from './dom.js';

/** Shows thread `threadId` in `container`; ctx = { api, session, live, navigate }. */
export async function openThread(container, threadId, ctx) {
  const thread = await ctx.api.get(`/v1/threads/${encodeURIComponent(threadId)}`);
  replace(container, h('h2', { class: 'reader-subject' }, thread.subject || '(no subject)'),
    h('ol', null, (thread.messages || []).map((m) => h('li', null, `${(m.from && (m.from.address || m.from)) || ''} — ${m.subject || ''}`))));
  current = (thread.messages || []).at(-1) || null;
}

let current = null;

/** The message r/a/f answer (the thread's latest), or null when no thread is open. */
export function currentMessage() {
  return current;
}
