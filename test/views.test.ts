// @vitest-environment jsdom
import {
  inputValueText,
  type InputDef,
  renderConversation,
  type ConversationView,
  renderMatched,
  renderStartForm,
  h,
} from "@flowc/views";
import { choose, result, start } from "@flowc/runtime";
import { compile } from "@flowc/dsl";
import { describe, expect, it } from "vitest";

// The start form shared by the agent console and the studio's preview.
const inputs: InputDef[] = [
  { name: "client_name", label: "Имя клиента" },
  {
    name: "client_type",
    label: "Тип клиента",
    values: [
      { id: "person", label: "Частное лицо" },
      { id: "company", label: null },
    ],
  },
];

function submit(form: HTMLFormElement): void {
  form.dispatchEvent(new Event("submit", { cancelable: true }));
}

describe("the start form", () => {
  it("shows a choice input as a drop-down of its values, a text input as a text field", () => {
    const form = renderStartForm(inputs, {}, () => {});
    expect(form.querySelector("#input-client_name")?.tagName).toBe("INPUT");
    const select = form.querySelector<HTMLSelectElement>("#input-client_type")!;
    expect(select.tagName).toBe("SELECT");
    expect(Array.from(select.options).map((o) => [o.value, o.textContent])).toEqual([
      ["", "Выберите..."],
      ["person", "Частное лицо"],
      ["company", "company"],
    ]);
    expect(form.querySelector("label[for=input-client_type]")?.textContent).toBe("Тип клиента");
  });

  it("starts only when every input has a value, and gives the chosen value's id", () => {
    const started: Record<string, string>[] = [];
    const form = renderStartForm(inputs, { client_name: "  Анна " }, (v) => started.push(v));
    submit(form);
    expect(started).toEqual([]);
    expect(form.querySelector("#start-error")?.textContent).toBe("Выберите значение поля «Тип клиента».");
    expect(form.querySelector("#input-client_type")?.getAttribute("aria-invalid")).toBe("true");
    form.querySelector<HTMLSelectElement>("#input-client_type")!.value = "company";
    submit(form);
    expect(started).toEqual([{ client_name: "Анна", client_type: "company" }]);
  });

  it("keeps earlier values, and drops a value the flow no longer offers", () => {
    const form = renderStartForm(inputs, { client_name: "Анна", client_type: "firm" }, () => {});
    expect(form.querySelector<HTMLInputElement>("#input-client_name")!.value).toBe("Анна");
    expect(form.querySelector<HTMLSelectElement>("#input-client_type")!.value).toBe("");
    const again = renderStartForm(inputs, { client_type: "person" }, () => {});
    expect(again.querySelector<HTMLSelectElement>("#input-client_type")!.value).toBe("person");
  });

  it("shows a choice input's value by its label", () => {
    expect(inputValueText(inputs[1]!, "person")).toBe("Частное лицо");
    expect(inputValueText(inputs[1]!, "company")).toBe("company");
    expect(inputValueText(inputs[0]!, "Анна")).toBe("Анна");
  });
});

describe("a match in the conversation", () => {
  it("shows the input and the value's label that chose the way, with nothing to change", () => {
    const { definition } = compile(
      'flow f\ninput client_type "Тип клиента" {\n  value person "Частное лицо"\n  value company\n}\nmatch client_type {\n  case person { say "A" }\n  case company { say "B" }\n}\n',
    );
    const entry = result(start(definition!, { client_type: "person" })).transcript.find((e) => e.kind === "match");
    expect(entry).toMatchObject({ kind: "match", input: "client_type", value: "person", label: "Частное лицо" });
    const shown = renderMatched(entry as Extract<typeof entry, { kind: "match" }>, "Тип клиента");
    expect(shown.textContent).toBe("Тип клиентаЧастное лицо");
    expect(shown.querySelector("button")).toBeNull();
    expect(renderMatched(entry as Extract<typeof entry, { kind: "match" }>, null).textContent).toBe("client_typeЧастное лицо");
  });
});

describe("the conversation", () => {
  const { definition } = compile(
    'flow f\ninput client_type "Тип клиента" {\n  value person "Частное лицо"\n  value company\n}\n' +
      'say "Здравствуйте"\nask q "Что случилось?" {\n  option late "Опоздал" { say "Извините" }\n  option lost "Потерялся" { say "Найдём" end }\n}\n' +
      'match client_type {\n  case person { say "A" }\n  case company { say "B" }\n}\n',
  );
  const view = (session: ReturnType<typeof start>, calls: string[]): ConversationView => ({
    inputs: definition!.inputs,
    values: { client_type: "person" },
    session,
    transcript: result(session).transcript,
    actionsLabel: "Навигация",
    actions: [
      { id: "back", label: "← Назад", disabled: session.path.length === 0, onClick: () => calls.push("back") },
      { id: "new", label: "Новый клиент", look: "ghost", onClick: () => calls.push("new") },
    ],
    renderOutput: (output, index) => h("p", { class: "output" }, `${index}:${"text" in output ? output.text : ""}`),
    onRevisit: (step) => calls.push(`revisit ${step}`),
    onAnswer: (key) => calls.push(`answer ${key}`),
    renderDone: () => h("p", { id: "done" }, "конец"),
  });

  it("shows the customer, the buttons, the question and what was said, and hands clicks to the page", () => {
    const calls: string[] = [];
    const shown = renderConversation(view(start(definition!, { client_type: "person" }), calls));
    expect(shown.querySelector("dd")?.textContent).toBe("Частное лицо");
    expect(shown.querySelector(".toolbar-actions")?.getAttribute("aria-label")).toBe("Навигация");
    expect(shown.querySelector<HTMLButtonElement>("#back")!.disabled).toBe(true);
    expect(shown.querySelector("#new")?.className).toBe("button ghost");
    expect(shown.querySelector("#back")?.className).toBe("button secondary");
    expect([...shown.querySelectorAll(".output")].map((o) => o.textContent)).toEqual(["0:Здравствуйте"]);
    shown.querySelector<HTMLButtonElement>("#new")!.click();
    shown.querySelector<HTMLButtonElement>("[data-ask] button")!.click();
    expect(calls).toEqual(["new", "answer late"]);
    expect(shown.querySelector("#done")).toBeNull();
  });

  it("numbers outputs and answered questions apart, shows the match passed, and the end", () => {
    const calls: string[] = [];
    const first = start(definition!, { client_type: "person" });
    const session = choose(first as Extract<typeof first, { status: "asking" }>, "late");
    const shown = renderConversation(view(session, calls));
    expect([...shown.querySelectorAll(".output")].map((o) => o.textContent)).toEqual([
      "0:Здравствуйте",
      "1:Извините",
      "2:A",
    ]);
    expect(shown.querySelector(".steps")?.textContent).toContain("Частное лицо");
    expect(shown.querySelector("#done")?.textContent).toBe("конец");
    expect(shown.querySelector<HTMLButtonElement>("#back")!.disabled).toBe(false);
    expect(shown.querySelector('.answered[data-step="0"] .answered-a')?.textContent).toBe("Опоздал");
    shown.querySelector<HTMLButtonElement>("#back")!.click();
    shown.querySelector<HTMLButtonElement>('.answered[data-step="0"] button')!.click();
    expect(calls).toEqual(["back", "revisit 0"]);
  });
});
