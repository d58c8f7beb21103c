// A tiny DOM builder. Text always goes in through textContent and attributes through
// setAttribute: data shown here is hostile input and is never parsed as HTML.

type Child = Node | string | number | null | undefined | false;

export interface Props {
  id?: string;
  class?: string;
  text?: string;
  title?: string;
  testid?: string;
  data?: Record<string, string | number | null | undefined>;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props) {
    if (props.id !== undefined) e.id = props.id;
    if (props.class) e.className = props.class;
    if (props.title !== undefined) e.title = props.title;
    if (props.testid !== undefined) e.setAttribute("data-testid", props.testid);
    if (props.data) {
      for (const [k, v] of Object.entries(props.data)) {
        if (v !== null && v !== undefined) e.setAttribute(`data-${k}`, String(v));
      }
    }
    if (props.attrs) {
      for (const [k, v] of Object.entries(props.attrs)) {
        if (v === null || v === undefined || v === false) continue;
        e.setAttribute(k, v === true ? "" : String(v));
      }
    }
    if (props.on) {
      for (const [name, fn] of Object.entries(props.on)) {
        if (fn) e.addEventListener(name, fn as EventListener);
      }
    }
    if (props.text !== undefined) e.textContent = props.text;
  }
  append(e, children);
  return e;
}

function append(parent: Node, children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(parent, c);
    else if (c === null || c === undefined || c === false) continue;
    else if (typeof c === "string" || typeof c === "number") parent.appendChild(document.createTextNode(String(c)));
    else parent.appendChild(c);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing element #${id}`);
  return e as T;
}

/** True when a scroll container is at (or within `slack` px of) its bottom. */
export function nearBottom(e: Element, slack = 48): boolean {
  return e.scrollHeight - e.scrollTop - e.clientHeight <= slack;
}
