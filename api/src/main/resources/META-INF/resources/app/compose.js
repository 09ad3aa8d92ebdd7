// Placeholder for C2's compose dialog (branch i18-app-reader replaces this file).

/** Opens compose: { mode: 'new'|'reply'|'reply-all'|'forward', message?, mailbox? }. */
export function openCompose({ mode }) {
  window.alert(`Compose (${mode}) is not built yet.`);
}
