// The Search field (in the header): submits #/search/<q>; the mailbox operators are the server's (ADR 0037).
// Highlights arrive HTML-escaped with <mark> tags and are rendered as text nodes and <mark> elements.
import { h, icon } from './dom.js';
import { parseHighlight } from './format.js';

export function createSearchBox(ctx) {
  const input = h('input', {
    id: 'search', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Search mail (from: subject: has:attachment …)', 'aria-describedby': 'search-hint',
    onkeydown: (ev) => { if (ev.key === 'Escape') { input.blur(); } },
  });
  const el = h('form', {
    class: 'search', role: 'search', onsubmit: (ev) => {
      ev.preventDefault();
      const q = input.value.trim();
      if (q) ctx.navigate({ view: 'search', q }); else ctx.navigate({ view: 'list', mailbox: 'all', folder: 'inbox' });
    },
  },
  h('label', { for: 'search', class: 'sr-only' }, 'Search'),
  input,
  h('span', { id: 'search-hint', class: 'sr-only' },
    'Operators: from:, to:, subject:, has:attachment, filename:, is:unread, label:, in:, before:, after:. Press Enter to search.'),
  h('button', { type: 'submit', class: 'icon-button', 'aria-label': 'Go', title: 'Search (Enter)' }, icon('search')));

  return {
    el,
    focus() { input.focus(); input.select(); },
    set(q) { if (document.activeElement !== input) input.value = q || ''; },
  };
}

/** The nodes of a highlight: text nodes and <mark> elements (never HTML). */
export function highlightNodes(escaped) {
  return segmentNodes(parseHighlight(escaped));
}

/** Highlight segments (`parseHighlight`) as text nodes and <mark> elements. */
export function segmentNodes(segments) {
  return segments.map((s) => (s.mark ? h('mark', null, s.text) : document.createTextNode(s.text)));
}
