import { h } from "./dom.js";
import type { TicketOutput } from "./session.js";

/** A ticket's form as the agent left it; `filed` once it passed validation. */
export interface TicketState {
  readonly values: Readonly<Record<string, string>>;
  readonly filed?: {
    readonly number: number;
    readonly at: string;
    /** Attachment id → file names (the files themselves stay on the agent's machine). */
    readonly attachments: Readonly<Record<string, readonly string[]>>;
  };
}

const PRIORITY: Record<string, string> = {
  low: "низкий",
  normal: "обычный",
  high: "высокий",
  urgent: "срочный",
};

export interface TicketProblem {
  /** The field or attachment id. */
  readonly id: string;
  readonly message: string;
}

/**
 * Which required parts of a ticket are missing. A text of only spaces counts
 * as empty: the agent must have written something.
 */
export function validateTicket(
  ticket: TicketOutput,
  values: Readonly<Record<string, string>>,
  files: Readonly<Record<string, readonly File[]>>,
): TicketProblem[] {
  const problems: TicketProblem[] = [];
  for (const f of ticket.fields) {
    if (f.required && (values[f.id] ?? "").trim() === "") {
      problems.push({ id: f.id, message: `Заполните поле «${f.label}».` });
    }
  }
  for (const a of ticket.attachments) {
    if (a.required && (files[a.id]?.length ?? 0) === 0) {
      problems.push({ id: a.id, message: `Приложите файл: «${a.label}».` });
    }
  }
  return problems;
}

export interface TicketHandlers {
  /** A text field changed (kept so the draft survives a reload). */
  draft(fieldId: string, value: string): void;
  /** Files picked for an attachment (kept in memory: files cannot be stored). */
  attach(attachmentId: string, files: readonly File[]): void;
  /** Every required part is there: file it. */
  file(values: Record<string, string>): void;
}

export function renderTicket(
  ticket: TicketOutput,
  index: number,
  state: TicketState | undefined,
  files: Readonly<Record<string, readonly File[]>>,
  handlers: TicketHandlers,
): HTMLElement {
  const base = `ticket-${index}`;
  const titleId = `${base}-title`;
  const filed = state?.filed;
  const meta = h(
    "dl",
    { class: "meta" },
    ticket.queue !== undefined
      ? [h("dt", {}, "Очередь"), h("dd", {}, ticket.queue)]
      : null,
    ticket.priority !== undefined
      ? [
          h("dt", {}, "Приоритет"),
          h("dd", {}, PRIORITY[ticket.priority] ?? ticket.priority),
        ]
      : null,
  );
  const head = h(
    "div",
    { class: "card-head" },
    h("h3", { class: "card-label", id: `${base}-label` }, "Заявка"),
    h(
      "span",
      { class: filed ? "pill pill-ok" : "pill", id: `${base}-status` },
      filed ? `Оформлена, № ${filed.number}` : "Не оформлена",
    ),
  );
  const section = h(
    "section",
    {
      class: filed ? "card ticket filed" : "card ticket",
      "aria-labelledby": `${base}-label ${titleId}`,
      "data-output": index,
    },
    head,
    h("p", { class: "ticket-title", id: titleId }, ticket.title),
    meta.childElementCount > 0 ? meta : null,
  );

  if (filed) {
    section.append(
      h(
        "dl",
        { class: "filed-values" },
        ticket.fields.map((f) => [
          h("dt", {}, f.label),
          h("dd", {}, state?.values[f.id]?.trim() || "—"),
        ]),
        ticket.attachments.map((a) => [
          h("dt", {}, a.label),
          h("dd", {}, (filed.attachments[a.id] ?? []).join(", ") || "—"),
        ]),
      ),
      h(
        "p",
        { class: "muted small" },
        `Оформлена ${new Date(filed.at).toLocaleString("ru-RU")}.`,
      ),
    );
    return section;
  }

  const summary = h("div", {
    class: "form-summary",
    id: `${base}-summary`,
    role: "alert",
  });
  const form = h("form", {
    class: "ticket-form",
    novalidate: true,
    "aria-labelledby": `${base}-label ${titleId}`,
  });
  const controls = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();

  for (const f of ticket.fields) {
    const id = `${base}-field-${f.id}`;
    const error = h("p", {
      class: "field-error",
      id: `${id}-error`,
      hidden: true,
    });
    const control = h("textarea", {
      id,
      name: f.id,
      rows: 3,
      required: f.required,
      "aria-required": f.required ? "true" : null,
    });
    control.value = state?.values[f.id] ?? "";
    control.addEventListener("input", () => {
      handlers.draft(f.id, control.value);
      clearError(control, errors.get(f.id));
    });
    controls.set(f.id, control);
    errors.set(f.id, error);
    form.append(
      h(
        "div",
        { class: "field" },
        label(id, f.label, f.required),
        control,
        error,
      ),
    );
  }
  for (const a of ticket.attachments) {
    const id = `${base}-attach-${a.id}`;
    const error = h("p", {
      class: "field-error",
      id: `${id}-error`,
      hidden: true,
    });
    const chosen = h("span", { class: "file-names", id: `${id}-files` });
    const control = h("input", {
      id,
      name: a.id,
      type: "file",
      class: "file-input",
      multiple: true,
      required: a.required,
      "aria-required": a.required ? "true" : null,
    });
    const picked = files[a.id] ?? [];
    if (picked.length > 0) {
      // Re-renders must not drop files the agent already picked.
      const transfer = new DataTransfer();
      for (const file of picked) transfer.items.add(file);
      control.files = transfer.files;
    }
    const showChosen = () => {
      const names = Array.from(control.files ?? []).map((f) => f.name);
      chosen.textContent =
        names.length > 0 ? names.join(", ") : "Файл не выбран";
      chosen.classList.toggle("muted", names.length === 0);
    };
    showChosen();
    control.addEventListener("change", () => {
      handlers.attach(a.id, Array.from(control.files ?? []));
      showChosen();
      clearError(control, errors.get(a.id));
    });
    controls.set(a.id, control);
    errors.set(a.id, error);
    // The browser's own file button speaks the browser's language; this one
    // speaks the page's. The real input lies over it (transparent), so a click,
    // Enter or Space on it opens the file picker as usual.
    const picker = h(
      "div",
      { class: "file-picker" },
      h(
        "span",
        { class: "file-control" },
        h(
          "span",
          { class: "file-button", "aria-hidden": "true" },
          "Выбрать файл",
        ),
        control,
      ),
      chosen,
    );
    control.dataset.describedby = chosen.id;
    control.setAttribute("aria-describedby", chosen.id);
    form.append(
      h(
        "div",
        { class: "field" },
        label(id, a.label, a.required),
        picker,
        error,
      ),
    );
  }

  form.append(
    summary,
    h(
      "div",
      { class: "form-actions" },
      h(
        "button",
        { type: "submit", class: "button primary" },
        "Оформить заявку",
      ),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const f of ticket.fields)
      values[f.id] = controls.get(f.id)?.value ?? "";
    const picked: Record<string, readonly File[]> = {};
    for (const a of ticket.attachments) {
      const control = controls.get(a.id) as HTMLInputElement | undefined;
      picked[a.id] = Array.from(control?.files ?? []);
    }
    const problems = validateTicket(ticket, values, picked);
    for (const [id, control] of controls) clearError(control, errors.get(id));
    if (problems.length > 0) {
      for (const p of problems) {
        const control = controls.get(p.id);
        const error = errors.get(p.id);
        if (control === undefined || error === undefined) continue;
        error.textContent = p.message;
        error.hidden = false;
        control.setAttribute("aria-invalid", "true");
        const own = control.dataset.describedby;
        control.setAttribute(
          "aria-describedby",
          own ? `${error.id} ${own}` : error.id,
        );
      }
      summary.replaceChildren(
        h(
          "p",
          {},
          "Заявку нельзя оформить, пока не заполнены обязательные поля:",
        ),
        h(
          "ul",
          {},
          problems.map((p) => h("li", {}, p.message)),
        ),
      );
      controls.get(problems[0]!.id)?.focus();
      return;
    }
    summary.replaceChildren();
    handlers.file(values);
  });
  section.append(form);
  return section;
}

function label(
  forId: string,
  text: string,
  required: boolean,
): HTMLLabelElement {
  return h(
    "label",
    { for: forId },
    text,
    required
      ? [
          h("span", { class: "required", "aria-hidden": "true" }, " *"),
          h("span", { class: "sr-only" }, " (обязательно)"),
        ]
      : null,
  );
}

function clearError(
  control: HTMLElement,
  error: HTMLElement | undefined,
): void {
  control.removeAttribute("aria-invalid");
  const own = control.dataset.describedby;
  if (own) control.setAttribute("aria-describedby", own);
  else control.removeAttribute("aria-describedby");
  if (error) {
    error.hidden = true;
    error.textContent = "";
  }
}
