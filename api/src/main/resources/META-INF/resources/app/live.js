// Live updates: one EventSource on /v1/events/stream (cookie auth) shared by every subscriber. The browser
// reconnects by itself with Last-Event-ID; when the server closes the stream for good (an error answer), this
// reopens it after a growing pause with ?last_event_id= so nothing is missed.

/** Every event type the stream sends (ADR 0038). */
export const EVENT_TYPES = [
  'message.received', 'message.sent', 'message.delivered', 'message.deferred', 'message.bounced',
  'message.failed', 'message.suppressed', 'draft.created', 'draft.approved', 'draft.rejected',
  'domain.verified', 'domain.record_broken',
];

/**
 * `live.on(type, fn)` subscribes to a type (`'*'` for all); fn gets `(data, event)` where `event` is the
 * webhook JSON `{type, timestamp, data}` plus `id`. Returns an unsubscribe function. `live.emit(type, data)`
 * dispatches a local event (the app's own changes, e.g. `thread.changed`) to the same subscribers.
 * `live.onStatus(fn)` gets 'connecting' | 'open' | 'closed'.
 */
export function createLive(api, { path = '/v1/events/stream' } = {}) {
  const subscribers = new Map();
  const statusListeners = new Set();
  let source = null;
  let lastId = null;
  let retry = 1000;
  let timer = null;
  let stopped = true;

  function dispatch(type, data, event) {
    for (const key of [type, '*']) {
      for (const fn of subscribers.get(key) || []) {
        try { fn(data, event); } catch (e) { console.error('live subscriber failed', type, e); }
      }
    }
  }

  function status(s) { statusListeners.forEach((fn) => fn(s)); }

  function onEvent(ev) {
    if (ev.lastEventId) lastId = ev.lastEventId;
    let payload;
    try { payload = JSON.parse(ev.data); } catch { return; }
    const type = payload.type || ev.type;
    dispatch(type, payload.data || {}, { ...payload, id: ev.lastEventId });
  }

  function open() {
    if (stopped) return;
    status('connecting');
    source = new EventSource(api.url(path, { last_event_id: lastId }), { withCredentials: true });
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    source.onmessage = onEvent;
    source.onopen = () => { retry = 1000; status('open'); };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) { status('connecting'); return; }
      status('closed');
      source = null;
      clearTimeout(timer);
      timer = setTimeout(open, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  return {
    start() { if (stopped) { stopped = false; open(); } },
    close() {
      stopped = true;
      clearTimeout(timer);
      if (source) source.close();
      source = null;
      status('closed');
    },
    on(type, fn) {
      if (!subscribers.has(type)) subscribers.set(type, new Set());
      subscribers.get(type).add(fn);
      return () => subscribers.get(type).delete(fn);
    },
    emit(type, data) { dispatch(type, data, { type, data, local: true }); },
    onStatus(fn) { statusListeners.add(fn); return () => statusListeners.delete(fn); },
  };
}
