// DOM helpers: data reaches the page only as text nodes and attribute values, never as HTML (ADR 0041).

/**
 * Creates an element. `attrs`: `class`, `for`, `aria-*`, `data-*` and other attributes are set with
 * setAttribute (a value of null/undefined/false leaves the attribute out, true sets it empty); `on<event>`
 * functions become listeners; `dataset`/`style` objects are copied; `value`, `checked`, `disabled`, `hidden`,
 * `selected`, `indeterminate` are set as properties. Children: strings and numbers become text nodes, null,
 * undefined and false are skipped, arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') {
        el.addEventListener(name.slice(2).toLowerCase(), value);
      } else if (name === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (name === 'style' && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
      } else if (PROPS.has(name)) {
        el[name] = value;
      } else {
        el.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'indeterminate', 'multiple']);

/** Appends children as h() does (text nodes for strings). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child of `el`; returns it. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of `el` with `children`. */
export function replace(el, ...children) {
  return append(clear(el), children);
}

/** A text only screen readers read. */
export function srOnly(text) {
  return h('span', { class: 'sr-only' }, text);
}

/** An icon from app/icons (inline SVG paths), hidden from assistive technology. */
export function icon(name) {
  const svg = h('svg:svg', { viewBox: '0 0 24 24', class: 'icon', 'aria-hidden': 'true', focusable: 'false' });
  for (const d of ICONS[name] || []) svg.append(h('svg:path', { d }));
  return svg;
}

const ICONS = {
  star: ['M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z'],
  clip: ['M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8-8a4 4 0 0 0-5.6-5.6l-8.2 8.2a6 6 0 0 0 8.5 8.5l7-7'],
  menu: ['M3 6h18', 'M3 12h18', 'M3 18h18'],
  back: ['M15 5l-7 7 7 7'],
  search: ['M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13z', 'M15.5 15.5L21 21'],
  pen: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  refresh: ['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4v7h-7'],
};
