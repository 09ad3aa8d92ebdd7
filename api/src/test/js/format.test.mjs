// node --test api/src/test/js/ : the inbox app's pure logic (format.js, router.js, keys.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relativeTime, parseHighlight, unescapeHtml, displayName, attachmentMatch } from '../../main/resources/META-INF/resources/app/format.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const ago = (ms) => new Date(NOW - ms).toISOString();

test('relative time reads like a person would say it', () => {
  assert.equal(relativeTime(ago(10e3), NOW), 'just now');
  assert.equal(relativeTime(ago(5 * 60e3), NOW), '5 min ago');
  assert.equal(relativeTime(ago(3 * 3600e3 + 5e3), NOW), '3 h ago');
  assert.equal(relativeTime(ago(30 * 3600e3), NOW), 'yesterday');
  assert.equal(relativeTime(ago(4 * 86400e3), NOW), '4 days ago');
  assert.equal(relativeTime('2026-11-03T12:00:00Z', NOW, 'en-GB'), '3 Nov');
  assert.equal(relativeTime('2025-11-03T12:00:00Z', NOW, 'en-GB'), '3 Nov 2025');
  assert.equal(relativeTime('not a time', NOW), '');
});

test('a highlight becomes text and mark segments, entities decoded, tags in the text kept as text', () => {
  assert.deepEqual(parseHighlight('Your <mark>invoice</mark> &amp; receipt'),
    [{ text: 'Your ', mark: false }, { text: 'invoice', mark: true }, { text: ' & receipt', mark: false }]);
  assert.deepEqual(parseHighlight('&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>'),
    [{ text: '<script>alert(1)</script> ', mark: false }, { text: 'x', mark: true }]);
  assert.deepEqual(parseHighlight('<mark>a</mark><mark>b</mark>'), [{ text: 'ab', mark: true }]);
  assert.deepEqual(parseHighlight('<b>bold</b>'), [{ text: '<b>bold</b>', mark: false }]);
  assert.deepEqual(parseHighlight('<mark>open to the end'), [{ text: 'open to the end', mark: true }]);
  assert.deepEqual(parseHighlight(null), []);
});

test('unescaping decodes named, decimal and hex references and leaves unknown ones', () => {
  assert.equal(unescapeHtml('&quot;a&quot; &#39;b&#x27; &#233;t&eacute;'), '"a" \'b\' ét&eacute;');
  assert.equal(unescapeHtml('&#0; &#xD800;'), '\ufffd \ufffd');
  assert.equal(unescapeHtml('&amp;lt;'), '&lt;');
});

test('a participant shows its name, else its address local part', () => {
  assert.equal(displayName({ name: 'Ann Lee', address: 'ann@example.org' }), 'Ann Lee');
  assert.equal(displayName({ name: null, address: 'bob@example.org' }), 'bob');
  assert.equal(displayName(null), '');
});

test('an attachment match gives its file name and marked text as plain text, or null', () => {
  const item = { highlights: { subject: 'x', body: 'y', attachment: {
    filename: '&lt;img src=x onerror=alert(1)&gt;&amp;.pdf', text: ' annual <mark>okapi</mark> &lt;b&gt; statement ' } } };
  assert.deepEqual(attachmentMatch(item), { filename: '<img src=x onerror=alert(1)>&.pdf', segments: [
    { text: 'annual ', mark: false }, { text: 'okapi', mark: true }, { text: ' <b> statement', mark: false }] });
  assert.equal(attachmentMatch({ highlights: { subject: 'x', body: 'y', attachment: null } }), null);
  assert.equal(attachmentMatch({}), null);
  assert.equal(attachmentMatch(null), null);
  assert.equal(attachmentMatch({ highlights: { attachment: { filename: 'a.pdf', text: '  ' } } }), null);
  assert.equal(attachmentMatch({ highlights: { attachment: { filename: null, text: '<mark>w</mark>' } } }).filename,
    'attachment');
});
