/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML:
 * flow texts are authored content and must not be able to inject markup.
 */
type Attr =
  string | number | boolean | null | undefined | ((event: Event) => void);
export type Child = Node | string | null | undefined | false | readonly Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      el.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    } else if (
      name in el &&
      !name.startsWith("aria-") &&
      !name.startsWith("data-") &&
      name !== "role" &&
      name !== "for"
    ) {
      (el as unknown as Record<string, unknown>)[name] = value;
    } else {
      el.setAttribute(
        name === "for" ? "for" : name,
        value === true ? "" : String(value),
      );
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else
      el.appendChild(
        typeof c === "string" ? document.createTextNode(c) : (c as Node),
      );
  }
}
