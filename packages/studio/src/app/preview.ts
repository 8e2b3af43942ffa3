import { back, choose, type FlowDefinition, FlowError, type InputDef, restart, result, start } from "@flowc/runtime";
import {
  h,
  type Output,
  renderConversation,
  renderStartForm,
  renderTextOutput,
  renderTicket,
  type Session,
  type TicketState,
} from "@flowc/views";

/**
 * The preview: the flow plays beside the editor with @flowc/runtime and the
 * agent console's own views. It follows edits: when a new definition comes,
 * the same inputs and choices are replayed on it by restore's rule (each
 * choice must find the same question and the same option key); when one no
 * longer fits, the preview stops before it and says which.
 */
interface Choice {
  readonly ask: string;
  readonly option: string;
}

export class Preview {
  private definition: FlowDefinition | null = null;
  /** The definition before the last update: kept on screen when the new one cannot be played. */
  private previous: FlowDefinition | null = null;
  private errors = 0;
  private inputs: Record<string, string> | null = null;
  private session: Session | null = null;
  /**
   * The author's choices, kept across edits: when an edit breaks one, the
   * preview stops before it, and an edit that mends it plays on again.
   * Replaced by the author's next move in the preview.
   */
  private wanted: readonly Choice[] = [];
  private tickets: Record<number, TicketState> = {};
  private notice: string | null = null;

  constructor(private readonly root: HTMLElement) {}

  /** A new compiled version of the flow (built with `allowErrors`; `errors` counts what is wrong). */
  update(definition: FlowDefinition | null, errors: number): void {
    const same = this.definition !== null && definition !== null && this.definition.hash === definition.hash;
    this.previous = this.definition;
    this.definition = definition;
    this.errors = errors;
    if (same) return this.render();
    this.notice = null;
    if (this.inputs !== null) this.play(this.inputs, this.wanted, "edit");
    else this.render();
  }

  /** The same definition as before, with another count of errors (they are in code the definition leaves out). */
  errorsChanged(errors: number): void {
    if (errors === this.errors) return;
    this.errors = errors;
    this.render();
  }

  /** Play one path from the start (the paths panel), with its match values and the inputs given so far or stand-ins. */
  playPath(choices: readonly string[], values: Readonly<Record<string, string>> = {}): void {
    if (this.definition === null) return;
    // The path's own values win: it is the way one of them takes at a match.
    const inputs = { ...(this.inputs ?? standInInputs(this.definition.inputs)), ...values };
    this.notice = null;
    this.play(
      inputs,
      choices.map((option) => ({ ask: "", option })),
      "path",
    );
  }

  /** The session's inputs and choices replayed on the current definition, as far as they fit. */
  private play(inputs: Record<string, string>, choices: readonly Choice[], why: "edit" | "path"): void {
    const definition = this.definition;
    if (definition === null) return this.render();
    let session: Session;
    try {
      session = start(definition, inputs);
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      if (error.code === "invalid-definition") {
        // Built from a text with errors, the flow can be one the runtime refuses
        // (say, a question whose options are all broken): keep the last version that played.
        this.definition = this.previous;
        this.notice = `The flow as it is now cannot be played (${error.message}): the preview shows the last version that could.`;
        return this.render();
      }
      // An input was removed, added or lost the chosen value: ask for the inputs again.
      this.inputs = null;
      this.session = null;
      this.notice = `The inputs no longer fit the flow (${error.message}). Fill them in again.`;
      return this.render();
    }
    this.inputs = inputs;
    this.tickets = {};
    for (const [i, c] of choices.entries()) {
      if (session.status !== "asking") {
        this.notice = `The flow now ends before choice ${i + 1} («${c.option}»): the preview stops at its end.`;
        break;
      }
      const asked = session.ask;
      const fits = (why === "path" || asked.id === c.ask) && asked.options.some((o) => o.key === c.option);
      if (!fits) {
        this.notice =
          why === "edit"
            ? `Choice «${c.option}» at question «${c.ask}» no longer exists: the preview stops at «${asked.text}».`
            : `This path no longer fits the flow at «${asked.text}».`;
        break;
      }
      session = choose(session, c.option);
    }
    this.session = session;
    if (why === "path") this.wanted = session.path.map((step) => ({ ...step }));
    this.render();
  }

  /** The author moved in the preview: this session's choices are the ones to keep. */
  private moved(session: Session): void {
    this.session = session;
    this.wanted = session.path.map((step) => ({ ...step }));
    this.notice = null;
    this.render();
  }

  private restartPlay(): void {
    if (this.session !== null) {
      this.tickets = {};
      this.moved(restart(this.session));
    }
  }

  private render(): void {
    const definition = this.definition;
    const parts: (HTMLElement | null)[] = [];
    if (definition === null) {
      parts.push(h("p", { class: "preview-empty" }, "Nothing to play yet: the flow does not compile."));
    } else {
      if (this.errors > 0)
        parts.push(
          h(
            "p",
            { class: "preview-banner warn" },
            `The flow has ${this.errors} error${this.errors === 1 ? "" : "s"}: playing the part that works.`,
          ),
        );
      if (this.notice !== null) parts.push(h("p", { class: "preview-banner notice", role: "status" }, this.notice));
      if (this.session === null || this.inputs === null) {
        parts.push(
          renderStartForm(definition.inputs, this.inputs ?? {}, (values) =>
            this.play(values, [], "path"),
          ),
        );
      } else parts.push(this.renderConversation(definition, this.session, this.inputs));
    }
    this.root.replaceChildren(...parts.filter((p) => p !== null));
  }

  private renderConversation(definition: FlowDefinition, session: Session, inputs: Record<string, string>): HTMLElement {
    return renderConversation({
      inputs: definition.inputs,
      values: inputs,
      session,
      transcript: result(session).transcript,
      actionsLabel: "Preview",
      actions: [
        {
          id: "preview-back",
          label: "← Назад",
          disabled: session.path.length === 0,
          onClick: () => this.moved(back(session)),
        },
        { id: "preview-restart", label: "На главную", onClick: () => this.restartPlay() },
        {
          id: "preview-inputs",
          label: "Новый клиент",
          look: "ghost",
          onClick: () => {
            this.session = null;
            this.wanted = [];
            this.notice = null;
            this.render();
          },
        },
      ],
      renderOutput: (output, index) => this.renderOutput(output, index),
      onRevisit: (step) => {
        let earlier = session;
        for (let i = session.path.length; i > step; i--) earlier = back(earlier);
        this.moved(earlier);
      },
      onAnswer: (key) => {
        // Only a question is answered: the session is asking.
        if (session.status === "asking") this.moved(choose(session, key));
      },
      renderDone: () =>
        h("section", { class: "done" }, h("h2", { class: "section-title", id: "done-title" }, "Сценарий завершён")),
    });
  }

  private renderOutput(output: Output, index: number): HTMLElement {
    if (output.kind !== "ticket")
      return renderTextOutput(output, index, (text) => void navigator.clipboard?.writeText(text).catch(() => {}));
    return renderTicket(output, index, this.tickets[index], {}, {
      draft: (fieldId, value) => {
        const previous = this.tickets[index];
        this.tickets[index] = { ...previous, values: { ...previous?.values, [fieldId]: value } };
      },
      attach: () => {},
      file: (values) => {
        this.tickets[index] = { values, filed: { number: index + 1, at: new Date().toISOString(), attachments: {} } };
        this.render();
      },
    });
  }
}

/** Inputs for playing a path before the author filled the form: each input's label in brackets, a choice input's first value. */
function standInInputs(inputs: readonly InputDef[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of inputs) out[i.name] = i.values?.[0]?.id ?? `[${i.label ?? i.name}]`;
  return out;
}
