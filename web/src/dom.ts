// DOM building without innerHTML: text always goes in as Text nodes, so investor data can never
// become markup, and nothing here needs 'unsafe-inline' or eval under the page's CSP.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | undefined>;

/** `h('p', { class: 'hint' }, 'text', otherNode)`; attribute values are set as plain strings. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}
