// node --test api/src/test/js/ : the pure logic of the reading pane (app/reader-logic.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initiallyExpanded, authRows, verdictTone, routeText, deliveryTimeline, statusTone, draftReasonText, previewKind,
  urls, eventEffect, parseLabels, htmlToText, answeredMessage,
} from '../../main/resources/META-INF/resources/app/reader-logic.js';

test('the last message and the unread ones are expanded', () => {
  const ids = initiallyExpanded([{ id: 'a', unread: false }, { id: 'b', unread: true }, { id: 'c', unread: false }, { id: 'd', unread: false }]);
  assert.deepEqual([...ids].sort(), ['b', 'd']);
  assert.deepEqual([...initiallyExpanded([])], []);
});

test('verdicts: pass good, fail/softfail/permerror bad, the rest neutral', () => {
  assert.equal(verdictTone('pass'), 'pass');
  assert.equal(verdictTone('FAIL'), 'fail');
  assert.equal(verdictTone('softfail'), 'fail');
  assert.equal(verdictTone('permerror'), 'fail');
  assert.equal(verdictTone('none'), 'neutral');
  assert.equal(verdictTone('temperror'), 'neutral');
  assert.equal(verdictTone(undefined), 'neutral');
});

test('the authentication block has SPF, each DKIM signature and DMARC', () => {
  const rows = authRows({
    spf: { result: 'pass', domain: 'example.org', detail: 'ip4 matched' },
    dkim: [{ result: 'pass', domain: 'example.org', selector: 's1', algorithm: 'ed25519-sha256', detail: null },
      { result: 'fail', domain: 'other.org', selector: 'k', algorithm: 'rsa-sha256', detail: 'body hash' }],
    dmarc: { result: 'pass', domain: 'example.org', policy: 'reject', spf_aligned: true, dkim_aligned: false },
    header: 'x',
  });
  assert.deepEqual(rows.map((r) => [r.name, r.result, r.tone]), [['SPF', 'pass', 'pass'], ['DKIM', 'pass', 'pass'], ['DKIM', 'fail', 'fail'], ['DMARC', 'pass', 'pass']]);
  assert.equal(rows[0].detail, 'example.org — ip4 matched');
  assert.equal(rows[2].detail, 'd=other.org s=k rsa-sha256 body hash');
  assert.equal(rows[3].detail, 'example.org — policy reject — SPF aligned');
  assert.deepEqual(authRows({ spf: null, dkim: [], dmarc: null }), [{ name: 'DKIM', result: 'none', tone: 'neutral', detail: 'not signed' }]);
  assert.equal(authRows(null), null);
});

test('the route says how the message came and whether the reply token was verified', () => {
  assert.equal(routeText({ by: 'reply-token', verified: true, detail: null }, { mailbox: 'echo+t1@agents.localhost', agent: { class: 'Echo', instance: 't1' } }),
    'to echo+t1@agents.localhost · agent Echo/t1 · reply token verified');
  assert.equal(routeText({ by: 'address', verified: false, detail: 'token expired' }, { mailbox: 'a@b' }), 'to a@b · routed by address · token expired');
  assert.equal(routeText(null, null), '');
});

test('the delivery timeline starts queued and lists attempts in time order with the remote reply', () => {
  const tl = deliveryTimeline({
    at: '2026-12-07T15:20:23.426Z',
    recipients: [{ address: 'B@example.com', status: 'bounced', attempts: 2, last_reply: '550 5.1.1 no such user' },
      { address: 'a@example.net', status: 'delivered', attempts: 1, last_reply: '250 2.0.0 ok' }],
    attempts: [
      { recipient: 'B@example.com', at: '2026-12-07T15:20:23.762Z', host: 'mx', outcome: 'bounced', reply: '550 5.1.1 no such user' },
      { recipient: 'a@example.net', at: '2026-12-07T15:20:23.638Z', host: 'mx', outcome: 'delivered', reply: '250 2.0.0 ok' },
      { recipient: 'B@example.com', at: '2026-12-07T15:20:23.729Z', host: 'mx', outcome: 'deferred', reply: '451 4.7.1 later' },
    ],
  });
  assert.deepEqual(tl.steps.map((s) => [s.status, s.recipient]), [['queued', null], ['delivered', 'a@example.net'], ['deferred', 'B@example.com'], ['bounced', 'B@example.com']]);
  assert.equal(tl.steps[2].reply, '451 4.7.1 later');
  assert.equal(tl.done, true);
  const pending = deliveryTimeline({ at: 'x', recipients: [{ address: 'a@x', status: 'deferred' }], attempts: [{ at: 'y', outcome: 'relayed' }] });
  assert.equal(pending.done, false);
  assert.equal(pending.steps[1].status, 'sent');
  assert.equal(deliveryTimeline({ at: 'x' }).done, false);
});

test('delivery states have tones', () => {
  assert.equal(statusTone('delivered'), 'pass');
  assert.equal(statusTone('bounced'), 'fail');
  assert.equal(statusTone('deferred'), 'warn');
  assert.equal(statusTone('partially-delivered'), 'warn');
  assert.equal(statusTone('queued'), 'neutral');
});

test('send policy reasons read as words and keep their detail', () => {
  assert.equal(draftReasonText('recipient-not-approved: bob@example.org'), 'Recipient not approved: bob@example.org');
  assert.equal(draftReasonText('new-correspondent: ann@example.org'), 'First contact: ann@example.org');
  assert.equal(draftReasonText('drafts-only: the class sends nothing without approval'), 'Drafts only: the class sends nothing without approval');
  assert.equal(draftReasonText('agent-draft'), 'The agent asked for approval');
  assert.equal(draftReasonText('something else entirely'), 'something else entirely');
  assert.equal(draftReasonText(null), 'Waiting for approval');
});

test('only raster images and PDF are previewed', () => {
  assert.equal(previewKind('image/png'), 'image');
  assert.equal(previewKind('IMAGE/JPEG; name=x'), 'image');
  assert.equal(previewKind('application/pdf'), 'pdf');
  assert.equal(previewKind('image/svg+xml'), null);
  assert.equal(previewKind('text/html'), null);
  assert.equal(previewKind(null), null);
});

test('resource URLs encode ids', () => {
  assert.equal(urls.body('a/b', false), '/v1/messages/a%2Fb/body?images=block');
  assert.equal(urls.body('a', true), '/v1/messages/a/body?images=allow');
  assert.equal(urls.raw('m.1'), '/v1/messages/m.1/raw');
  assert.equal(urls.attachment('m', 'x?y', true), '/v1/messages/m/attachments/x%3Fy?disposition=inline');
  assert.equal(urls.attachment('m', 'x', false), '/v1/messages/m/attachments/x');
});

test('live events: new mail of the thread reloads it, delivery events refresh their message', () => {
  const thread = { id: 't1', mailbox_id: 'mb1', messages: [{ id: 'm1' }, { id: 'm2' }] };
  assert.equal(eventEffect({ type: 'message.received', data: { thread_id: 't1' } }, thread), 'thread');
  assert.equal(eventEffect({ type: 'message.received', data: { thread_id: 't2' } }, thread), null);
  assert.equal(eventEffect({ type: 'message.delivered', data: { message_id: 'm2' } }, thread), 'message');
  assert.equal(eventEffect({ type: 'message.bounced', data: { message_id: 'zz' } }, thread), null);
  assert.equal(eventEffect({ type: 'message.sent', data: { message_id: 'new', mailbox_id: 'mb1' } }, thread), 'thread');
  assert.equal(eventEffect({ type: 'draft.created', data: { mailbox_id: 'mb1' } }, thread), 'thread');
  assert.equal(eventEffect({ type: 'draft.approved', data: { mailbox_id: 'other' } }, thread), null);
  assert.equal(eventEffect({ type: 'domain.verified', data: {} }, thread), null);
  assert.equal(eventEffect(null, thread), null);
});

test('labels are separated by commas, spaces kept inside, duplicates dropped', () => {
  assert.deepEqual(parseLabels(' urgent, to  do ,Urgent,, billing/2026 '), ['urgent', 'to do', 'billing/2026']);
  assert.deepEqual(parseLabels(''), []);
});

test('an HTML-only draft reads as text: no script, blocks as lines, links with their target', () => {
  const html = '<html><head><title>x</title><style>p{color:red}</style></head><body><h1>Hello&nbsp;Ann</h1>'
    + '<p>Line one<br>line <b>two</b> &amp; &lt;three&gt;</p><script>alert(1)</script><!-- hidden -->'
    + '<ul><li>a</li><li>b</li></ul><p><a href="https://example.org/x">the offer</a> and <a href="https://e.org">https://e.org</a></p>'
    + '<img src="https://tracker.example/p.gif" onerror="x()"></body></html>';
  assert.equal(htmlToText(html), 'Hello Ann\n\nLine one\nline two & <three>\n\n- a\n- b\n\nthe offer <https://example.org/x> and https://e.org');
  assert.equal(htmlToText(null), '');
});

test('the route names the address and agent the mailbox reports inside it', () => {
  assert.equal(routeText({ by: 'reply-token', verified: false, detail: null, address: 'drafter@agents.localhost', agent: { class: 'Drafter', instance: 'drafter' } }, {}),
    'to drafter@agents.localhost · agent Drafter/drafter · reply token not verified');
});

test('the delivery object, when the message has one, gives the timeline', () => {
  const tl = deliveryTimeline({ at: 'ignored', delivery: { status: 'deferred', queued_at: '2026-12-07T10:00:00Z',
    recipients: [{ address: 'a@x', status: 'deferred', attempts: 1, last_reply: '451 later' }],
    attempts: [{ recipient: 'a@x', at: '2026-12-07T10:00:05Z', host: 'mx.x', outcome: 'deferred', reply: '451 later' }] } });
  assert.deepEqual(tl.steps.map((s) => [s.at, s.status]), [['2026-12-07T10:00:00Z', 'queued'], ['2026-12-07T10:00:05Z', 'deferred']]);
  assert.deepEqual(tl.recipients, [{ address: 'a@x', status: 'deferred', attempts: 1, reply: '451 later' }]);
  assert.equal(tl.done, false);
});

test('Reply answers the message opened last, else the newest received one, else the newest', () => {
  const msgs = [{ id: 'a', direction: 'inbound' }, { id: 'b', direction: 'inbound' }, { id: 'c', direction: 'outbound' }];
  assert.equal(answeredMessage(msgs, null).id, 'b');
  assert.equal(answeredMessage(msgs, 'a').id, 'a');
  assert.equal(answeredMessage(msgs, 'c').id, 'c');
  assert.equal(answeredMessage(msgs, 'gone').id, 'b');
  assert.equal(answeredMessage([{ id: 'x', direction: 'outbound' }], undefined).id, 'x');
  assert.equal(answeredMessage([], null), null);
});
