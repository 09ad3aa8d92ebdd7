import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLive } from '../../main/resources/META-INF/resources/app/live.js';
import { url } from '../../main/resources/META-INF/resources/app/api.js';

/** A stand-in EventSource: records what was opened, lets the test deliver events and errors. */
class FakeEventSource {
  static CONNECTING = 0; static OPEN = 1; static CLOSED = 2;
  static opened = [];
  constructor(u) { this.url = u; this.readyState = 0; this.listeners = {}; FakeEventSource.opened.push(this); }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  close() { this.readyState = 2; }
  deliver(type, id, payload) {
    const ev = { type, lastEventId: id, data: JSON.stringify(payload) };
    (this.listeners[type] || []).forEach((fn) => fn(ev));
  }
}

test('events reach the subscribers of their type and of *, local events too; unsubscribing stops them', () => {
  globalThis.EventSource = FakeEventSource;
  FakeEventSource.opened = [];
  const live = createLive({ url });
  const got = [];
  const off = live.on('message.received', (data) => got.push(['received', data.thread_id]));
  live.on('*', (data, event) => got.push(['any', event.type]));
  live.start();
  const source = FakeEventSource.opened[0];
  assert.equal(source.url, '/v1/events/stream');
  source.deliver('message.received', '41', { type: 'message.received', timestamp: 'x', data: { thread_id: 't1' } });
  source.deliver('draft.created', '42', { type: 'draft.created', timestamp: 'x', data: { draft_id: 'd1' } });
  live.emit('thread.changed', { thread_id: 't1' });
  off();
  source.deliver('message.received', '43', { type: 'message.received', timestamp: 'x', data: { thread_id: 't2' } });
  assert.deepEqual(got, [['received', 't1'], ['any', 'message.received'], ['any', 'draft.created'], ['any', 'thread.changed'], ['any', 'message.received']]);
  live.close();
  delete globalThis.EventSource;
});

test('a stream the server closed is reopened after a pause from the last event seen', async (t) => {
  globalThis.EventSource = FakeEventSource;
  FakeEventSource.opened = [];
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const live = createLive({ url });
  const states = [];
  live.onStatus((s) => states.push(s));
  live.start();
  const first = FakeEventSource.opened[0];
  first.onopen();
  first.deliver('message.sent', '7', { type: 'message.sent', data: {} });
  first.readyState = FakeEventSource.CLOSED;
  first.onerror();
  assert.equal(FakeEventSource.opened.length, 1, 'not at once');
  t.mock.timers.tick(1000);
  assert.equal(FakeEventSource.opened.length, 2);
  assert.equal(FakeEventSource.opened[1].url, '/v1/events/stream?last_event_id=7');
  live.close();
  t.mock.timers.tick(60000);
  assert.equal(FakeEventSource.opened.length, 2, 'closed for good');
  assert.deepEqual(states, ['connecting', 'open', 'closed', 'connecting', 'closed']);
  delete globalThis.EventSource;
});
