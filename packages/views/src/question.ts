import { h } from "./dom.js";
import type { Ask, MatchedCase } from "./session.js";

/** More options than this are a drop-down, as on the original console page; fewer are buttons. */
export const SELECT_THRESHOLD = 6;

/**
 * The question waiting for an answer. The first question of a conversation
 * (the situation) is a grid of tiles; a later one is a row of buttons, or a
 * drop-down with a "Выбрать" button when it has many options. The drop-down
 * only answers on that button, never on `change`: arrowing through a closed
 * <select> with the keyboard fires `change` on every step.
 */
export function renderQuestion(
  ask: Ask,
  first: boolean,
  onChoose: (key: string) => void,
): HTMLElement {
  const headingId = "current-question";
  const section = h(
    "section",
    {
      class: first ? "question question-first" : "question",
      "aria-labelledby": headingId,
      "data-ask": ask.id,
    },
    h("h2", { id: headingId, class: "question-text", tabindex: -1 }, ask.text),
  );
  if (first || ask.options.length <= SELECT_THRESHOLD) {
    section.append(
      h(
        "div",
        {
          class: first ? "tiles" : "options",
          role: "group",
          "aria-labelledby": headingId,
        },
        ask.options.map((o) => {
          const button = h(
            "button",
            { type: "button", class: first ? "tile" : "button option" },
            o.text,
          );
          button.dataset.key = o.key;
          button.addEventListener("click", () => onChoose(o.key));
          return button;
        }),
      ),
    );
    return section;
  }
  const select = h(
    "select",
    {
      id: "current-question-select",
      "aria-labelledby": headingId,
      "aria-describedby": "current-question-error",
    },
    h("option", { value: "", disabled: true, selected: true }, "Выберите..."),
    ask.options.map((o, i) => h("option", { value: String(i) }, o.text)),
  );
  const error = h("p", {
    class: "field-error",
    id: "current-question-error",
    role: "alert",
  });
  const form = h(
    "form",
    { class: "select-row" },
    select,
    h("button", { type: "submit", class: "button primary" }, "Выбрать"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const option =
      select.value === "" ? undefined : ask.options[Number(select.value)];
    if (option === undefined) {
      error.textContent = "Выберите вариант из списка.";
      select.setAttribute("aria-invalid", "true");
      select.focus();
      return;
    }
    onChoose(option.key);
  });
  section.append(form, error);
  return section;
}

/** An answered question, kept above the next one; "Изменить" goes back to it. */
export function renderAnswered(
  question: string,
  answer: string,
  step: number,
  onChange: (step: number) => void,
): HTMLElement {
  const button = h(
    "button",
    {
      type: "button",
      class: "link-button",
      "aria-label": `Изменить ответ на вопрос «${question}»`,
    },
    "Изменить",
  );
  button.addEventListener("click", () => onChange(step));
  return h(
    "div",
    { class: "answered", "data-step": step },
    h(
      "div",
      { class: "answered-text" },
      h("span", { class: "answered-q" }, question),
      h("span", { class: "answered-a" }, answer),
    ),
    button,
  );
}

/**
 * A `match` the flow passed: the input it branched on and the value that chose
 * the way, shown like an answered question but without "Изменить" — the value
 * came with the start form, not from the customer.
 */
export function renderMatched(match: MatchedCase, inputLabel: string | null): HTMLElement {
  return h(
    "div",
    { class: "answered matched", "data-input": match.input },
    h(
      "div",
      { class: "answered-text" },
      h("span", { class: "answered-q" }, inputLabel ?? match.input),
      h("span", { class: "answered-a" }, match.label),
    ),
  );
}
