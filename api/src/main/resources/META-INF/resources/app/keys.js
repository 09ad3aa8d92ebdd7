// Keyboard shortcuts (not while typing in a field) and the Keyboard shortcuts help dialog.
import { h } from './dom.js';

/** The shortcuts: key → [action, description]. */
export const SHORTCUTS = [
  ['j', 'next', 'Next thread'],
  ['k', 'previous', 'Previous thread'],
  ['Enter', 'open', 'Open the thread'],
  ['o', 'open', 'Open the thread'],
  ['r', 'reply', 'Reply'],
  ['a', 'replyAll', 'Reply all'],
  ['f', 'forward', 'Forward'],
  ['e', 'archive', 'Archive'],
  ['#', 'trash', 'Move to trash'],
  ['/', 'search', 'Search'],
  ['c', 'compose', 'Compose'],
  ['?', 'help', 'Keyboard shortcuts'],
  ['Escape', 'escape', 'Close'],
];

const BY_KEY = new Map(SHORTCUTS.map(([key, action]) => [key, action]));

/**
 * The action of a keydown (`{key, ctrlKey, metaKey, altKey, target}`), or null: none with Ctrl/Meta/Alt, none
 * while typing in a field (except Escape), Enter only outside buttons and links. Pure (reads only the event).
 */
export function keyAction(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return null;
  const action = BY_KEY.get(ev.key) || null;
  if (!action) return null;
  const t = ev.target || {};
  const tag = (t.tagName || '').toLowerCase();
  const typing = t.isContentEditable || tag === 'textarea' || tag === 'select'
    || (tag === 'input' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((t.type || 'text').toLowerCase()));
  if (typing) return action === 'escape' ? 'escape' : null;
  if (action === 'open' && ev.key === 'Enter' && (tag === 'button' || tag === 'a' || tag === 'input' || tag === 'summary')) return null;
  return action;
}

/** Listens on the document; `handlers[action]()` for each action. Returns the function removing it. */
export function installKeys(handlers) {
  const onKey = (ev) => {
    if (ev.defaultPrevented) return;
    if (document.querySelector('dialog[open]') && ev.key !== 'Escape') return;
    const action = keyAction(ev);
    if (!action) return;
    if (action === 'help') { ev.preventDefault(); openHelp(); return; }
    if (action === 'escape' && document.querySelector('dialog[open]')) return; // the dialog closes itself
    const fn = handlers[action];
    if (fn) { ev.preventDefault(); fn(); }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/** Shows the Keyboard shortcuts dialog (modal: focus stays inside; Esc or Close closes it). */
export function openHelp() {
  const existing = document.getElementById('help-dialog');
  if (existing) { if (!existing.open) existing.showModal(); return; }
  const opener = document.activeElement;
  const dialog = h('dialog', { id: 'help-dialog', class: 'dialog', 'aria-labelledby': 'help-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close')),
    h('table', { class: 'shortcuts' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Action'))),
      h('tbody', null, SHORTCUTS.map(([key, , text]) => h('tr', null,
        h('td', null, h('kbd', null, key === 'Escape' ? 'Esc' : key)), h('td', null, text))))),
    h('p', { class: 'muted' }, 'Shortcuts do nothing while you type in a field.'));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.focus) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}
