// The agent panel of a thread in an agent mailbox: the instance's state (read-only JSON as text), its pending
// schedules and its recent events, read when the panel is opened (agent-host through the api).
import { h, replace } from './dom.js';
import { absoluteTime, relativeTime } from './format.js';

/** A collapsible panel for `thread` (with agent_class/agent_instance), or null for a plain mailbox. */
export function createAgentPanel(thread, ctx) {
  if (!thread.agent_class || !thread.agent_instance) return null;
  const cls = thread.agent_class;
  const inst = thread.agent_instance;
  const base = `/v1/agents/${encodeURIComponent(cls)}/instances/${encodeURIComponent(inst)}`;
  const content = h('div', { class: 'agent-content' });
  let loaded = false;
  const panel = h('details', { class: 'agent-panel' },
    h('summary', null, 'Agent ', h('strong', null, `${cls}/${inst}`)),
    content);
  panel.addEventListener('toggle', () => { if (panel.open && !loaded) load(); });

  async function load() {
    loaded = true;
    replace(content, h('p', { class: 'loading' }, 'Loading the agent…'));
    const [instance, schedules, events] = await Promise.all([
      ctx.api.get(base).catch((e) => e),
      ctx.api.get('/v1/schedules', { query: { status: 'pending', class: cls, instance: inst, limit: 50 } }).catch((e) => e),
      ctx.api.get(`${base}/events`, { query: { limit: 20 } }).catch((e) => e),
    ]);
    replace(content,
      section('State', stateBlock(instance)),
      section('Pending schedules', schedulesBlock(schedules, cls, inst)),
      section('Recent events', eventsBlock(events)),
      h('button', { type: 'button', class: 'secondary small', onclick: () => load() }, 'Refresh agent'));
  }

  panel.refresh = () => { if (loaded) load(); };
  return panel;
}

function section(title, body) {
  return h('section', { class: 'agent-section' }, h('h4', null, title), body);
}

function failure(e, what) {
  if (e.status === 404) return h('p', { class: 'muted' }, `No ${what} (not found, or not offered by this server yet).`);
  return h('p', { class: 'form-error' }, `The ${what} could not be loaded: ${e.detail || e.title || e.message}`);
}

function stateBlock(instance) {
  if (instance instanceof Error) return failure(instance, 'agent state');
  return h('div', null,
    h('p', { class: 'muted small' },
      instance.address ? `${instance.address} · ` : '',
      instance.updated_at ? `updated ${relativeTime(instance.updated_at)}` : ''),
    h('pre', { class: 'json', tabindex: '0', 'aria-label': 'Agent state (JSON)' }, JSON.stringify(instance.state ?? null, null, 2)));
}

function schedulesBlock(page, cls, inst) {
  if (page instanceof Error) return failure(page, 'schedules');
  // Without the server's class/instance filter every pending schedule comes back: keep this instance's.
  const items = (page.items || []).filter((s) => !s.agent || s.agent === `${cls}/${inst}`);
  if (items.length === 0) return h('p', { class: 'muted' }, 'Nothing scheduled.');
  return h('ul', { class: 'agent-list' }, items.map((s) => h('li', null,
    h('time', { datetime: s.due_at, title: absoluteTime(s.due_at) }, `due ${absoluteTime(s.due_at)}`),
    s.attempts ? h('span', { class: 'muted' }, ` · ${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`) : null,
    s.last_error ? h('span', { class: 'form-error' }, ` · ${s.last_error}`) : null,
    s.payload != null ? h('code', { class: 'agent-payload' }, JSON.stringify(s.payload)) : null)));
}

function eventsBlock(page) {
  if (page instanceof Error) return failure(page, 'agent events');
  const items = page.items || [];
  if (items.length === 0) return h('p', { class: 'muted' }, 'No events yet.');
  return h('ol', { class: 'agent-list' }, items.map((e) => h('li', null,
    h('time', { datetime: e.at, title: absoluteTime(e.at) }, relativeTime(e.at)), ' ',
    h('strong', null, e.type),
    e.subject ? ` “${e.subject}”` : '',
    e.to ? h('span', { class: 'muted' }, ` to ${people(e.to)}`) : null,
    e.from ? h('span', { class: 'muted' }, ` from ${people(e.from)}`) : null,
    e.reason ? h('span', null, ` — ${e.reason}`) : null,
    e.due_at ? h('span', { class: 'muted' }, ` (due ${absoluteTime(e.due_at)})`) : null)));
}

function people(v) {
  const list = Array.isArray(v) ? v : [v];
  return list.map((p) => (typeof p === 'string' ? p : p && (p.address || p.name)) || '').filter(Boolean).join(', ');
}
