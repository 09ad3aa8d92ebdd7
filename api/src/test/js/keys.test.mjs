import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, SHORTCUTS } from '../../main/resources/META-INF/resources/app/keys.js';

const on = (tagName, extra = {}) => ({ tagName, ...extra });
const key = (k, target = on('BODY'), mods = {}) => keyAction({ key: k, target, ...mods });

test('every listed key maps to its action outside fields', () => {
  const expected = { j: 'next', k: 'previous', Enter: 'open', o: 'open', r: 'reply', a: 'replyAll', f: 'forward',
    e: 'archive', '#': 'trash', '/': 'search', c: 'compose', '?': 'help', Escape: 'escape' };
  for (const [k, action] of Object.entries(expected)) assert.equal(key(k), action, k);
  assert.equal(SHORTCUTS.length, Object.keys(expected).length);
  assert.equal(key('x'), null);
  assert.equal(key('J'), null);
});

test('no shortcut while typing, except Escape', () => {
  for (const target of [on('INPUT', { type: 'text' }), on('INPUT', { type: 'search' }), on('TEXTAREA'), on('SELECT'), on('DIV', { isContentEditable: true })]) {
    assert.equal(key('j', target), null);
    assert.equal(key('/', target), null);
    assert.equal(key('Escape', target), 'escape');
  }
  assert.equal(key('j', on('INPUT', { type: 'checkbox' })), 'next');
});

test('modifier keys and Enter on controls are left to the browser', () => {
  assert.equal(key('r', on('BODY'), { ctrlKey: true }), null);
  assert.equal(key('c', on('BODY'), { metaKey: true }), null);
  assert.equal(key('f', on('BODY'), { altKey: true }), null);
  assert.equal(key('Enter', on('BUTTON')), null);
  assert.equal(key('Enter', on('A')), null);
  assert.equal(key('Enter', on('LI')), 'open');
});
