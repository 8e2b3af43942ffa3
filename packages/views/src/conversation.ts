import { h } from "./dom.js";
import { renderAnswered, renderMatched, renderQuestion } from "./question.js";
import type { InputDef, Output, Session, Transcript } from "./session.js";
import { inputValueText } from "./start-form.js";

/** A button of the conversation's toolbar. */
export interface ConversationAction {
  readonly id: string;
  readonly label: string;
  /** How prominent it is: "secondary" (the default) or "ghost". */
  readonly look?: "secondary" | "ghost";
  readonly disabled?: boolean;
  readonly onClick: () => void;
}

/** What a conversation view shows and what its parts do; the page keeps the state. */
export interface ConversationView {
  readonly inputs: readonly InputDef[];
  /** The values the conversation started with, by input name. */
  readonly values: Readonly<Record<string, string>>;
  readonly session: Session;
  /** The session's transcript (`result(session).transcript`). */
  readonly transcript: Transcript;
  /** The toolbar's buttons, and what a screen reader calls their group. */
  readonly actions: readonly ConversationAction[];
  readonly actionsLabel: string;
  /** Output number `index` (0-based, outputs only), drawn by the page: a ticket's form holds the page's state. */
  readonly renderOutput: (output: Output, index: number) => HTMLElement;
  /** Answered question number `step` (0-based) was clicked: go back to it. */
  readonly onRevisit: (step: number) => void;
  readonly onAnswer: (key: string) => void;
  /** What shows in place of the question once the flow has finished. */
  readonly renderDone: () => HTMLElement;
}

/**
 * A conversation under way, as the agent sees it: who the customer is and
 * the way back, then everything so far (answered questions, matches passed,
 * outputs) and the question now, or the end.
 */
export function renderConversation(view: ConversationView): HTMLElement {
  const { session } = view;
  const steps: HTMLElement[] = [];
  let outputIndex = 0;
  let step = 0;
  for (const entry of view.transcript) {
    if (entry.kind === "ask") steps.push(renderAnswered(entry.text, entry.answer, step++, view.onRevisit));
    else if (entry.kind === "match") {
      const input = view.inputs.find((i) => i.name === entry.input);
      steps.push(renderMatched(entry, input?.label ?? null));
    } else steps.push(view.renderOutput(entry, outputIndex++));
  }
  const current =
    session.ask !== null ? renderQuestion(session.ask, session.path.length === 0, view.onAnswer) : view.renderDone();
  const buttons = view.actions.map((action) =>
    h(
      "button",
      {
        type: "button",
        class: `button ${action.look ?? "secondary"}`,
        id: action.id,
        disabled: action.disabled,
        onclick: action.onClick,
      },
      action.label,
    ),
  );
  return h(
    "div",
    { class: "conversation" },
    h(
      "div",
      { class: "toolbar" },
      h(
        "dl",
        { class: "customer" },
        view.inputs.map((i) => [
          h("dt", {}, i.label ?? i.name),
          h("dd", {}, inputValueText(i, view.values[i.name] ?? "")),
        ]),
      ),
      h("div", { class: "toolbar-actions", role: "group", "aria-label": view.actionsLabel }, buttons),
    ),
    h("div", { class: "steps" }, steps),
    current,
  );
}
