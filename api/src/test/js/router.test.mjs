import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, formatHash, DEFAULT_ROUTE } from '../../main/resources/META-INF/resources/app/router.js';

test('hashes parse to routes and back', () => {
  const routes = [
    { view: 'list', mailbox: 'all', folder: 'inbox', label: null },
    { view: 'list', mailbox: 'mb_1', folder: 'archive', label: null },
    { view: 'list', mailbox: 'mb_1', folder: null, label: 'finance/q4 & more' },
    { view: 'thread', threadId: 'th_9' },
    { view: 'search', q: 'from:ann has:attachment "a/b #c"' },
  ];
  for (const r of routes) assert.deepEqual(parseHash(formatHash(r)), r);
});

test('unknown or broken hashes fall back to the inbox of all mailboxes', () => {
  for (const hash of ['', '#', '#/', '#/nowhere', '#/search/', '#/search/%20', '#/t/']) assert.deepEqual(parseHash(hash), { ...DEFAULT_ROUTE }, hash);
  assert.deepEqual(parseHash('#/m/mb_1/nofolder'), { view: 'list', mailbox: 'mb_1', folder: 'inbox', label: null });
  assert.deepEqual(parseHash('#/search/%E0%A4%A'), { view: 'search', q: '%E0%A4%A' });
});
