// Pure formatting and parsing (no DOM): relative times, search highlights, addresses. Unit-tested with
// `node --test api/src/test/js/` (see api/README.md).

const MINUTE = 60e3, HOUR = 60 * MINUTE, DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then a date ("3 Nov", "3 Nov 2025"). */
export function relativeTime(iso, now = Date.now(), locale = undefined) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = now - t;
  if (diff < -MINUTE) return shortDate(t, now, locale);
  if (diff < MINUTE) return 'just now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h ago`;
  if (diff < 2 * DAY) return 'yesterday';
  if (diff < 7 * DAY) return `${Math.floor(diff / DAY)} days ago`;
  return shortDate(t, now, locale);
}

function shortDate(t, now, locale) {
  const d = new Date(t);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The full date and time for a `title`. */
export function absoluteTime(iso, locale = undefined) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the HTML character references of escaped text (named basics, decimal, hex). */
export function unescapeHtml(text) {
  return String(text).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    const named = ENTITIES[ref.toLowerCase()];
    return named === undefined ? all : named;
  });
}

/**
 * A search highlight (HTML-escaped text with `<mark>`…`</mark>` around the matches) as segments
 * `[{text, mark}]` of plain text, to render as text nodes and <mark> elements (never as HTML). Any other tag-like
 * text stays text; an unclosed <mark> marks to the end.
 */
export function parseHighlight(escaped) {
  const segments = [];
  let mark = false;
  for (const part of String(escaped ?? '').split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(part)) { mark = true; continue; }
    if (/^<\/mark>$/i.test(part)) { mark = false; continue; }
    if (!part) continue;
    const text = unescapeHtml(part);
    const last = segments[segments.length - 1];
    if (last && last.mark === mark) last.text += text; else segments.push({ text, mark });
  }
  return segments;
}

/**
 * The attachment match of a thread list item (`highlights.attachment`: `{filename, text}`, both HTML-escaped, the
 * text marked as a highlight) as `{ filename, segments }` of plain text (segments as `parseHighlight`), or null when
 * the search did not match an attachment's text.
 */
export function attachmentMatch(item) {
  const a = item?.highlights?.attachment ?? item?.attachment_highlight;
  if (!a || typeof a !== 'object' || typeof a.text !== 'string') return null;
  const segments = parseHighlight(a.text.trim());
  if (!segments.length) return null;
  return { filename: unescapeHtml(String(a.filename ?? '')).trim() || 'attachment', segments };
}

/** A participant as shown: the name, else the address's local part. */
export function displayName(p) {
  if (!p) return '';
  if (p.name) return p.name;
  const a = p.address || '';
  return a.includes('@') ? a.slice(0, a.indexOf('@')) : a;
}
