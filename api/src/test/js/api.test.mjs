import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, ApiError, createApi } from '../../main/resources/META-INF/resources/app/api.js';

test('query strings leave out empty values and repeat arrays', () => {
  assert.equal(url('/v1/threads', { mailbox: 'mb 1', folder: 'inbox', label: '', q: null, page_token: undefined }), '/v1/threads?mailbox=mb+1&folder=inbox');
  assert.equal(url('/v1/events/stream', { types: ['message.received', 'draft.created'] }), '/v1/events/stream?types=message.received&types=draft.created');
  assert.equal(url('/v1/x?a=1', { b: 2 }), '/v1/x?a=1&b=2');
  assert.equal(url('/v1/x', {}), '/v1/x');
});

test('an ApiError carries the problem and the detail of a field', () => {
  const e = new ApiError(422, { type: 'https://mailroom.dev/problems/invalid-request', title: 'Invalid request', detail: 'one field is wrong',
    errors: [{ field: 'q', detail: 'unknown operator form:' }] });
  assert.equal(e.status, 422);
  assert.equal(e.message, 'one field is wrong');
  assert.equal(e.about('q'), 'unknown operator form:');
  assert.equal(e.about('other'), 'one field is wrong');
  assert.equal(new ApiError(503).title, 'Server error');
});

test('requests are same-origin, send the CSRF token on changes only, and turn problems into ApiError; 401 signs out', async (t) => {
  const calls = [];
  let answer;
  t.mock.method(globalThis, 'fetch', async (u, init) => { calls.push({ u, init }); return answer(); });
  let unauthorized = 0;
  const api = createApi({ csrf: () => 'tok', onUnauthorized: () => { unauthorized++; } });

  answer = () => new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  assert.deepEqual(await api.get('/v1/mailboxes', { query: { limit: 5 } }), { items: [] });
  assert.equal(calls[0].u, '/v1/mailboxes?limit=5');
  assert.equal(calls[0].init.credentials, 'same-origin');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], undefined);

  answer = () => new Response(null, { status: 204 });
  assert.equal(await api.send('PATCH', '/v1/threads/t1', { unread: false }), null);
  assert.equal(calls[1].init.headers['X-CSRF-Token'], 'tok');
  assert.equal(calls[1].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[1].init.body, '{"unread":false}');

  answer = () => new Response(JSON.stringify({ title: 'Forbidden', detail: 'needs send', status: 403 }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } });
  await assert.rejects(api.send('POST', '/v1/send', {}), (e) => e instanceof ApiError && e.status === 403 && e.detail === 'needs send');
  assert.equal(unauthorized, 0);

  answer = () => new Response(JSON.stringify({ title: 'Unauthorized', status: 401 }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
  await assert.rejects(api.get('/v1/mailboxes'), (e) => e.status === 401);
  assert.equal(unauthorized, 1);
  await assert.rejects(api.get('/ui/session', { quiet401: true }), (e) => e.status === 401);
  assert.equal(unauthorized, 1, 'a quiet call does not sign out');

  answer = () => { throw new TypeError('fetch failed'); };
  await assert.rejects(api.get('/v1/mailboxes'), (e) => e instanceof ApiError && e.status === 0 && /could not be reached/.test(e.detail));
});

test('a request that takes too long is aborted and reported as a timeout', async (t) => {
  t.mock.method(globalThis, 'fetch', (u, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(init.signal.reason));
  }));
  const api = createApi({ timeoutMs: 20 });
  await assert.rejects(api.get('/v1/slow'), (e) => e instanceof ApiError && e.status === 408);
});
