import { h } from "./dom.js";
import type { Output } from "./session.js";

/** A note for the agent, a script to read to the customer, or a not-yet-written placeholder. */
export function renderTextOutput(
  output: Exclude<Output, { kind: "ticket" }>,
  index: number,
  onCopy: (text: string, button: HTMLButtonElement) => void,
): HTMLElement {
  const headingId = `output-${index}-title`;
  switch (output.kind) {
    case "note":
      return h(
        "section",
        {
          class: "card note",
          "aria-labelledby": headingId,
          "data-output": index,
        },
        h("h3", { id: headingId, class: "card-label" }, "Для агента"),
        paragraphs(output.text),
      );
    case "say": {
      const copy = h(
        "button",
        {
          type: "button",
          class: "button secondary small",
          "aria-describedby": headingId,
        },
        "Копировать",
      );
      copy.addEventListener("click", () => onCopy(output.text, copy));
      return h(
        "section",
        {
          class: "card say",
          "aria-labelledby": headingId,
          "data-output": index,
        },
        h(
          "div",
          { class: "card-head" },
          h("h3", { id: headingId, class: "card-label" }, "Скрипт для клиента"),
          copy,
        ),
        h("blockquote", { class: "script" }, paragraphs(output.text)),
      );
    }
    case "todo":
      return h(
        "section",
        {
          class: "card todo",
          "aria-labelledby": headingId,
          "data-output": index,
        },
        h(
          "h3",
          { id: headingId, class: "card-label" },
          "Раздел ещё не написан",
        ),
        paragraphs(output.text),
        // Only what is true of every todo: the flow does not say what to do here,
        // so the card must not suggest a procedure of its own.
        h("p", { class: "muted small" }, "Эта часть сценария ещё не написана."),
      );
  }
}

/** One paragraph; authored line breaks (triple-quoted texts) are kept by CSS (`white-space: pre-line`). */
export function paragraphs(text: string): HTMLElement {
  return h("p", { class: "text" }, text);
}
