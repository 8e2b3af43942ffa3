/**
 * The agent console: pick a flow, enter the customer's name, walk the
 * questions, read the script, file the ticket. Everything the page shows
 * comes from @flowc/runtime playing a compiled flow; the page only draws it.
 */
import {
  back,
  choose,
  FlowError,
  restart,
  restore,
  result,
  serialize,
  start,
} from "@flowc/runtime";
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
import "@flowc/views/style.css";
import { type FlowEntry, flows } from "./flows.js";
import {
  forgetConversation,
  hasConversation,
  loadConversation,
  loadCurrentFlow,
  nextTicketNumber,
  saveConversation,
  saveCurrentFlow,
} from "./storage.js";
import "./style.css";

interface Notice {
  readonly title: string;
  readonly text: string;
  /** The runtime's own explanation, for whoever maintains the flow. */
  readonly details?: string;
}

interface State {
  flow: FlowEntry | null;
  session: Session | null;
  inputs: Record<string, string>;
  tickets: Record<number, TicketState>;
  /** Picked attachment files by ticket index: in memory only (a reload drops them). */
  files: Record<number, Record<string, readonly File[]>>;
  notice: Notice | null;
}

const state: State = {
  flow: null,
  session: null,
  inputs: {},
  tickets: {},
  files: {},
  notice: null,
};

const app = document.getElementById("app")!;
const announcer = h("div", {
  class: "sr-only",
  id: "announcer",
  "aria-live": "polite",
  role: "status",
});

// ---------------------------------------------------------------------------
// Actions: each changes the state, saves it, redraws, then moves focus.

function openFlow(entry: FlowEntry): void {
  state.flow = entry;
  state.session = null;
  state.tickets = {};
  state.files = {};
  state.inputs = {};
  state.notice = null;
  saveCurrentFlow(entry.id);
  const loaded = loadConversation(entry.id);
  if (loaded.kind === "corrupt") {
    forgetConversation(entry.id);
    state.notice = {
      title: "Сохранённый разговор не прочитан",
      text: "Данные разговора в браузере повреждены. Начните разговор заново.",
    };
  } else if (loaded.kind === "saved") {
    state.inputs = { ...loaded.saved.inputs };
    try {
      state.session = restore(entry.definition, loaded.saved.session);
      state.tickets = { ...loaded.saved.tickets };
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      forgetConversation(entry.id);
      if (error.code !== "restore-mismatch") {
        // Not a flow change: the saved value itself is unusable (edited by hand, cut short).
        state.notice = {
          title: "Сохранённый разговор не прочитан",
          text: "Данные разговора в браузере повреждены. Начните разговор заново: имя клиента сохранено.",
          details: `${error.code}: ${error.message}`,
        };
        render();
        focusAfterRender();
        return;
      }
      // The flow changed since the conversation was saved: say so instead of
      // guessing where the agent was. The customer's name is kept for a fresh start.
      state.notice = {
        title: "Сценарий изменился",
        text:
          `Сценарий «${entry.title}» изменили после того, как вы начали этот разговор, ` +
          "поэтому продолжить его с того же места нельзя. Начните разговор заново: имя клиента сохранено.",
        details: `${error.code}: ${error.message}`,
      };
    }
  }
  render();
  focusAfterRender();
}

function begin(inputs: Record<string, string>): void {
  if (state.flow === null) return;
  state.inputs = inputs;
  state.session = start(state.flow.definition, inputs);
  state.tickets = {};
  state.files = {};
  state.notice = null;
  commit(null);
}

function answer(key: string): void {
  if (state.session === null || state.session.status !== "asking") return;
  const before = state.session.outputs.length;
  state.session = choose(state.session, key);
  commit(before);
}

function goBack(steps = 1): void {
  if (state.session === null) return;
  let session = state.session;
  for (let i = 0; i < steps && session.path.length > 0; i++)
    session = back(session);
  state.session = session;
  commit(null);
}

function goHome(): void {
  if (state.session === null) return;
  state.session = restart(state.session);
  commit(null);
}

function newCustomer(): void {
  if (state.flow === null) return;
  forgetConversation(state.flow.id);
  state.session = null;
  state.inputs = {};
  state.tickets = {};
  state.files = {};
  render();
  focusAfterRender();
  announce("Новый разговор. Введите данные клиента.");
}

/**
 * After a move: drop ticket state that no longer belongs to the session
 * (its outputs were undone), save, redraw, focus and announce what is new.
 * `announceFrom` is the first output index to read out (null: the whole screen).
 */
function commit(announceFrom: number | null): void {
  const session = state.session;
  if (session === null || state.flow === null) return;
  for (const key of Object.keys(state.tickets)) {
    const i = Number(key);
    if (i >= session.outputs.length || session.outputs[i]?.kind !== "ticket")
      delete state.tickets[i];
  }
  for (const key of Object.keys(state.files)) {
    if (Number(key) >= session.outputs.length) delete state.files[Number(key)];
  }
  save();
  render();
  focusAfterRender();
  const fresh = session.outputs.slice(announceFrom ?? session.outputs.length);
  announce(
    [
      ...fresh.map(spoken),
      session.ask ? `Вопрос: ${session.ask.text}` : "Сценарий завершён.",
    ].join(" "),
  );
}

function save(): void {
  if (state.flow === null || state.session === null) return;
  saveConversation({
    version: 1,
    flowId: state.flow.id,
    inputs: state.inputs,
    session: serialize(state.session),
    tickets: state.tickets,
  });
}

// ---------------------------------------------------------------------------
// Drawing

function render(): void {
  app.replaceChildren(
    h(
      "header",
      { class: "topbar" },
      h(
        "div",
        { class: "brand" },
        h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"),
        "Консоль агента",
      ),
      h("span", { class: "topbar-note" }, "Сценарии поддержки · flowc"),
    ),
    h(
      "div",
      { class: "layout" },
      renderNav(),
      h("main", { id: "main", tabindex: -1 }, renderMain()),
    ),
    announcer,
  );
}

function renderNav(): HTMLElement {
  return h(
    "nav",
    { class: "sidebar", "aria-label": "Сценарии" },
    h("h2", { class: "sidebar-title" }, "Сценарии"),
    h(
      "ul",
      { class: "flow-list" },
      flows.map((entry) => {
        const current = state.flow?.id === entry.id;
        const button = h(
          "button",
          {
            type: "button",
            class: "flow-link",
            "aria-current": current ? "page" : null,
          },
          h("span", { class: "flow-title" }, entry.title),
          h(
            "span",
            { class: "flow-meta" },
            entry.file,
            !current && hasConversation(entry.id)
              ? h("span", { class: "pill pill-small" }, "в работе")
              : null,
          ),
        );
        button.addEventListener("click", () => openFlow(entry));
        return h("li", {}, button);
      }),
    ),
  );
}

function renderMain(): HTMLElement[] {
  const flow = state.flow;
  if (flow === null) {
    return [
      h(
        "p",
        { class: "empty" },
        flows.length === 0
          ? "В папке flows/ нет сценариев."
          : "Выберите сценарий слева.",
      ),
    ];
  }
  const parts: HTMLElement[] = [h("h1", { class: "page-title" }, flow.title)];
  if (state.notice !== null) parts.push(renderNotice(state.notice));
  parts.push(
    state.session === null
      ? renderStartForm(flow.definition.inputs, state.inputs, begin)
      : renderCurrentConversation(flow, state.session),
  );
  return parts;
}

function renderNotice(notice: Notice): HTMLElement {
  const dismiss = h(
    "button",
    { type: "button", class: "button secondary small" },
    "Понятно",
  );
  dismiss.addEventListener("click", () => {
    state.notice = null;
    render();
    focusAfterRender();
  });
  return h(
    "div",
    { class: "notice", role: "alert", id: "notice" },
    h(
      "div",
      {},
      h("h2", { class: "notice-title" }, notice.title),
      h("p", {}, notice.text),
      notice.details !== undefined
        ? h(
            "details",
            { class: "notice-details" },
            h("summary", {}, "Подробности"),
            h("code", {}, notice.details),
          )
        : null,
    ),
    dismiss,
  );
}

function renderCurrentConversation(
  flow: FlowEntry,
  session: Session,
): HTMLElement {
  return renderConversation({
    inputs: flow.definition.inputs,
    values: state.inputs,
    session,
    transcript: result(session).transcript,
    actionsLabel: "Навигация по сценарию",
    actions: [
      {
        id: "back",
        label: "← Назад",
        disabled: session.path.length === 0,
        onClick: () => goBack(),
      },
      { id: "home", label: "На главную", onClick: goHome },
      {
        id: "new-customer",
        label: "Новый клиент",
        look: "ghost",
        onClick: newCustomer,
      },
    ],
    renderOutput,
    onRevisit: (step) => goBack(session.path.length - step),
    onAnswer: answer,
    renderDone: () => renderDone(session),
  });
}

function renderOutput(output: Output, index: number): HTMLElement {
  if (output.kind !== "ticket")
    return renderTextOutput(output, index, copyScript);
  return renderTicket(
    output,
    index,
    state.tickets[index],
    state.files[index] ?? {},
    {
      draft(fieldId, value) {
        const previous = state.tickets[index];
        state.tickets[index] = {
          ...previous,
          values: { ...previous?.values, [fieldId]: value },
        };
        save();
      },
      attach(attachmentId, files) {
        state.files[index] = { ...state.files[index], [attachmentId]: files };
      },
      file(values) {
        const attachments: Record<string, string[]> = {};
        for (const a of output.attachments)
          attachments[a.id] = (state.files[index]?.[a.id] ?? []).map(
            (f) => f.name,
          );
        const number = nextTicketNumber();
        state.tickets[index] = {
          values,
          filed: { number, at: new Date().toISOString(), attachments },
        };
        save();
        render();
        document
          .getElementById(`ticket-${index}-status`)
          ?.setAttribute("tabindex", "-1");
        document.getElementById(`ticket-${index}-status`)?.focus();
        announce(`Заявка «${output.title}» оформлена, номер ${number}.`);
      },
    },
  );
}

function renderDone(session: Session): HTMLElement {
  const unfiled = session.outputs.some(
    (o, i) => o.kind === "ticket" && state.tickets[i]?.filed === undefined,
  );
  // A path through a todo ends where the written script stops, not because
  // every step was done: the agent must not be told otherwise.
  const unwritten = session.outputs.some((o) => o.kind === "todo");
  const messages: string[] = [];
  if (unfiled)
    messages.push("Оформите заявку выше, прежде чем завершить разговор.");
  if (unwritten)
    messages.push(
      "На этом пути часть сценария ещё не написана — она отмечена выше.",
    );
  if (messages.length === 0)
    messages.push(
      "Все шаги пройдены. Вернитесь на главную, чтобы выбрать другую ситуацию.",
    );
  const home = h(
    "button",
    { type: "button", class: "button primary" },
    "На главную",
  );
  home.addEventListener("click", goHome);
  return h(
    "section",
    { class: "done", "aria-labelledby": "done-title" },
    h(
      "h2",
      { id: "done-title", class: "section-title", tabindex: -1 },
      "Сценарий завершён",
    ),
    messages.map((text) => h("p", { class: "muted" }, text)),
    h("div", { class: "form-actions" }, home),
  );
}

// ---------------------------------------------------------------------------
// Focus, announcements, clipboard

/** Keyboard users land where the next action is: the new question, the result, or the first field. */
function focusAfterRender(): void {
  const target =
    document.querySelector<HTMLElement>("#notice button") ??
    document.querySelector<HTMLElement>(
      ".question .tile, .question .option, #current-question-select",
    ) ??
    document.querySelector<HTMLElement>("#done-title") ??
    document.querySelector<HTMLElement>(
      ".start-form input, .start-form button",
    ) ??
    document.querySelector<HTMLElement>(".flow-link");
  target?.focus();
}

function announce(text: string): void {
  // Clear first so that the same words said twice are read twice.
  announcer.textContent = "";
  requestAnimationFrame(() => {
    announcer.textContent = text;
  });
}

function spoken(output: Output): string {
  switch (output.kind) {
    case "say":
      return `Скрипт для клиента: ${output.text}`;
    case "note":
      return `Для агента: ${output.text}`;
    case "todo":
      return `Раздел ещё не написан: ${output.text}`;
    case "ticket":
      return `Заявка: ${output.title}.`;
  }
}

async function copyScript(
  text: string,
  button: HTMLButtonElement,
): Promise<void> {
  let ok = true;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    ok = fallbackCopy(text);
  }
  button.textContent = ok ? "Скопировано" : "Не удалось скопировать";
  announce(
    ok
      ? "Скрипт скопирован."
      : "Не удалось скопировать скрипт: выделите текст вручную.",
  );
  window.setTimeout(() => {
    button.textContent = "Копировать";
  }, 2000);
}

/** For browsers that refuse the async clipboard (an insecure origin). */
function fallbackCopy(text: string): boolean {
  const area = h("textarea", { class: "sr-only", "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

// ---------------------------------------------------------------------------

const initial = flows.find((f) => f.id === loadCurrentFlow()) ?? flows[0];
if (initial !== undefined) openFlow(initial);
else render();
