// node --test api/src/test/js/ : the pure logic of compose (app/compose-logic.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseAddressList, isValidAddress, invalidAddressMessage, formatAddress, prefixedSubject, replyRecipients,
  quoteText, richTextToParts, formatSize, attachmentLimitError, sendBody, sendPath, fieldOfError, escapeHtml,
  safeHref, textToHtml,
} from '../../main/resources/META-INF/resources/app/compose-logic.js';

test('address lists split on commas and semicolons outside quotes and angle brackets', () => {
  const { addresses, invalid } = parseAddressList('"Doe, Ann" <ann@example.org>; bob@example.com,\n Carl <carl@agents.localhost>');
  assert.deepEqual(addresses, [
    { name: 'Doe, Ann', address: 'ann@example.org' },
    { name: null, address: 'bob@example.com' },
    { name: 'Carl', address: 'carl@agents.localhost' },
  ]);
  assert.deepEqual(invalid, []);
});

test('invalid entries are kept as typed so the message can name them', () => {
  const { addresses, invalid } = parseAddressList('ann@example.org, bob@, not an address, Eve <eve@ex ample.org>');
  assert.deepEqual(addresses.map((a) => a.address), ['ann@example.org']);
  assert.deepEqual(invalid, ['bob@', 'not an address', 'Eve <eve@ex ample.org>']);
  assert.equal(invalidAddressMessage('To', ['bob@']), 'To: "bob@" is not an e-mail address');
  assert.equal(invalidAddressMessage('Cc', ['a', 'b']), 'Cc: "a", "b" are not e-mail addresses');
  assert.equal(invalidAddressMessage('Cc', []), null);
});

test('addr-spec validation refuses what egress would refuse', () => {
  for (const ok of ['a@b', 'a.b+tag@example.org', '"odd one"@example.org', 'x@münchen.de']) assert.ok(isValidAddress(ok), ok);
  for (const bad of ['', '@x.org', 'a@', 'a@@b', 'a..b@x.org', 'a@-x.org', 'a@x..org', 'a b@x.org', 'a@x.org\r\nBcc: e@x.org', 'a'.repeat(65) + '@x.org']) {
    assert.ok(!isValidAddress(bad), JSON.stringify(bad));
  }
});

test('addresses are formatted for the API with names quoted when needed', () => {
  assert.equal(formatAddress({ name: null, address: 'a@x.org' }), 'a@x.org');
  assert.equal(formatAddress({ name: 'Ann', address: 'a@x.org' }), 'Ann <a@x.org>');
  assert.equal(formatAddress({ name: 'Doe, Ann', address: 'a@x.org' }), '"Doe, Ann" <a@x.org>');
  assert.equal(formatAddress({ name: 'Say "hi"', address: 'a@x.org' }), '"Say \\"hi\\"" <a@x.org>');
  const round = parseAddressList(formatAddress({ name: 'Say "hi", Ann', address: 'a@x.org' }));
  assert.deepEqual(round.addresses, [{ name: 'Say "hi", Ann', address: 'a@x.org' }]);
});

test('subjects get Re:/Fwd: once', () => {
  assert.equal(prefixedSubject('Hello', 'reply'), 'Re: Hello');
  assert.equal(prefixedSubject('RE: Hello', 'reply-all'), 'RE: Hello');
  assert.equal(prefixedSubject('Fw: Hello', 'forward'), 'Fw: Hello');
  assert.equal(prefixedSubject('Re: Hello', 'forward'), 'Fwd: Re: Hello');
  assert.equal(prefixedSubject(null, 'reply'), 'Re: ');
  assert.equal(prefixedSubject('Hello', 'new'), 'Hello');
});

const inbound = {
  direction: 'inbound',
  from: { name: 'Ann', address: 'ann@example.org' },
  reply_to: [],
  to: [{ name: null, address: 'Echo+T1@agents.localhost' }, { name: 'Bob', address: 'bob@example.org' }],
  cc: [{ name: null, address: 'ANN@example.org' }, { name: null, address: 'carl@example.org' }],
};

test('a reply goes to Reply-To, else From; reply-all adds To and Cc without the mailbox or duplicates', () => {
  assert.deepEqual(replyRecipients(inbound, 'reply', 'echo+t1@agents.localhost'), { to: [{ name: 'Ann', address: 'ann@example.org' }], cc: [] });
  assert.deepEqual(replyRecipients({ ...inbound, reply_to: [{ name: null, address: 'list@example.org' }] }, 'reply', 'x@y').to,
    [{ name: null, address: 'list@example.org' }]);
  const all = replyRecipients(inbound, 'reply-all', 'echo+t1@agents.localhost');
  assert.deepEqual(all.to.map((a) => a.address), ['ann@example.org']);
  assert.deepEqual(all.cc.map((a) => a.address), ['bob@example.org', 'carl@example.org']);
  assert.deepEqual(replyRecipients(inbound, 'forward', 'x@y'), { to: [], cc: [] });
});

test('a reply to our own sent message goes to its recipients again', () => {
  const sent = { direction: 'outbound', from: { address: 'echo@agents.localhost' }, to: [{ address: 'ann@example.org' }], cc: [{ address: 'bob@example.org' }] };
  const r = replyRecipients(sent, 'reply-all', 'echo@agents.localhost');
  assert.deepEqual(r.to.map((a) => a.address), ['ann@example.org']);
  assert.deepEqual(r.cc.map((a) => a.address), ['bob@example.org']);
});

test('quoting prefixes every line and names the author', () => {
  const q = quoteText({ from: { name: 'Ann', address: 'ann@example.org' }, text: 'Hi\r\n> earlier\r\nbye\r\n\r\n' }, '7 Dec 2026');
  assert.equal(q, 'On 7 Dec 2026, Ann <ann@example.org> wrote:\n> Hi\n>> earlier\n> bye\n');
});

// A minimal stand-in for DOM nodes: the walk only reads nodeType, nodeName, nodeValue, childNodes, getAttribute.
const t = (v) => ({ nodeType: 3, nodeName: '#text', nodeValue: v });
const el = (name, attrs, ...children) => ({ nodeType: 1, nodeName: name.toUpperCase(), childNodes: children, getAttribute: (a) => (attrs || {})[a] ?? null });

test('rich text keeps only allow-listed markup and escapes every text', () => {
  const root = el('div', null,
    el('div', null, t('Hello '), el('b', null, t('bold')), t(' & '), el('i', null, t('<i>'))),
    el('script', null, t('alert(1)')),
    el('div', { onclick: 'x()' }, el('a', { href: 'javascript:alert(1)' }, t('bad')), t(' '), el('a', { href: 'https://example.org/?a=1&b=2' }, t('good'))),
    el('ul', null, el('li', null, t('one')), el('li', null, t('two'))),
    el('img', { src: 'https://tracker.example/x.gif' }),
    el('span', { style: 'color:red' }, t('plain')));
  const { html, text } = richTextToParts(root);
  assert.equal(html, '<div>Hello <strong>bold</strong> &amp; <em>&lt;i&gt;</em></div>'
    + '<div>bad <a href="https://example.org/?a=1&amp;b=2">good</a></div>'
    + '<ul><li>one</li><li>two</li></ul>plain');
  assert.ok(!/script|onclick|javascript|img|style/i.test(html));
  assert.equal(text, 'Hello bold & <i>\nbad good <https://example.org/?a=1&b=2>\n- one\n- two\nplain\n');
});

test('rich text: line breaks, ordered lists and quotes become text too', () => {
  const root = el('div', null, t('a'), el('br'), t('b'), el('ol', null, el('li', null, t('x')), el('li', null, t('y'))),
    el('blockquote', null, el('div', null, t('quoted')), el('div', null, t('more'))));
  const { html, text } = richTextToParts(root);
  assert.equal(html, 'a<br>b<ol><li>x</li><li>y</li></ol><blockquote><div>quoted</div><div>more</div></blockquote>');
  assert.equal(text, 'a\nb\n1. x\n2. y\n> quoted\n> more\n');
});

test('links: only http(s) and mailto targets', () => {
  assert.equal(safeHref(' https://x.org/a '), 'https://x.org/a');
  assert.equal(safeHref('mailto:a@x.org'), 'mailto:a@x.org');
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'JaVaScRiPt:x', '//x.org', 'https://x.org/"onmouseover=x']) assert.equal(safeHref(bad), null, bad);
});

test('text becomes escaped HTML', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(textToHtml('a <b>\r\nc'), 'a &lt;b&gt;<br>\nc');
});

test('sizes read like people write them', () => {
  assert.equal(formatSize(0), '0 B');
  assert.equal(formatSize(1023), '1023 B');
  assert.equal(formatSize(1536), '1.5 KB');
  assert.equal(formatSize(10 * 1024), '10 KB');
  assert.equal(formatSize(5 * 1024 * 1024), '5 MB');
  assert.equal(formatSize(2.25 * 1024 ** 3), '2.3 GB');
});

test('the attachment total is checked against the limit with a clear message', () => {
  assert.equal(attachmentLimitError([{ size: 10 }, { size: 20 }], 30), null);
  assert.equal(attachmentLimitError([{ size: 20 * 1024 * 1024 }, { size: 6 * 1024 * 1024 }]),
    'Attachments total 26 MB; at most 25 MB can be sent in one message.');
});

test('new mail posts to /v1/send with from and subject; answers post to the message without them', () => {
  const to = [{ name: 'Ann', address: 'ann@example.org' }];
  assert.deepEqual(sendBody({ mode: 'new', from: 'echo@agents.localhost', to, cc: [], bcc: [], subject: 'Hi', text: 'x', html: '<p>x</p>' }),
    { from: 'echo@agents.localhost', subject: 'Hi', to: ['Ann <ann@example.org>'], text: 'x', html: '<p>x</p>' });
  const att = [{ filename: 'a.pdf', content_type: 'application/pdf', content: 'JVBE' }];
  assert.deepEqual(sendBody({ mode: 'reply', from: 'ignored', to, subject: 'ignored', text: 'x', html: null, attachments: att }),
    { to: ['Ann <ann@example.org>'], text: 'x', attachments: att });
  assert.deepEqual(sendBody({ mode: 'forward', to, text: 'x', includeAttachments: false }),
    { to: ['Ann <ann@example.org>'], text: 'x', include_attachments: false });
  assert.equal(sendPath('new'), '/v1/send');
  assert.equal(sendPath('reply-all', 'a/b'), '/v1/messages/a%2Fb/reply-all');
});

test('problem fields map to the compose field they name', () => {
  assert.equal(fieldOfError('to[1]'), 'to');
  assert.equal(fieldOfError('bcc'), 'bcc');
  assert.equal(fieldOfError('html'), 'text');
  assert.equal(fieldOfError('attachments[0].content'), 'attachments');
  assert.equal(fieldOfError('include_attachments'), 'attachments');
  assert.equal(fieldOfError('headers'), null);
  assert.equal(fieldOfError(undefined), null);
});

test('a typed address with a space, no local part, no domain or a dash-led label is refused', () => {
  for (const bad of ['ann@', '@example.org', 'ann example.org', 'ann@exa mple.org', 'ann@-example.org']) {
    assert.ok(!isValidAddress(bad), bad);
  }
});
