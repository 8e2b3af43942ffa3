import { h } from "./dom.js";
import type { InputDef } from "./session.js";

/**
 * The form that starts a conversation: one control per input the flow
 * declares, each required. Values come back trimmed; a choice input gives the
 * id of the chosen value.
 */
export function renderStartForm(
  inputs: readonly InputDef[],
  values: Readonly<Record<string, string>>,
  onStart: (values: Record<string, string>) => void,
): HTMLFormElement {
  const error = h("p", {
    class: "field-error",
    id: "start-error",
    role: "alert",
  });
  const fields = inputs.map((input) => {
    const id = `input-${input.name}`;
    const common = {
      id,
      name: input.name,
      required: true,
      "aria-required": "true",
      "aria-describedby": "start-error",
    };
    const control =
      input.values !== undefined
        ? h(
            "select",
            common,
            h("option", { value: "", disabled: true }, "Выберите..."),
            input.values.map((v) => h("option", { value: v.id }, v.label ?? v.id)),
          )
        : h("input", { ...common, type: "text", autocomplete: "off" });
    // A value the flow no longer offers leaves the drop-down on "Выберите...".
    control.value = values[input.name] ?? "";
    if (control instanceof HTMLSelectElement && control.selectedIndex < 0)
      control.selectedIndex = 0;
    return {
      input,
      control,
      row: h(
        "div",
        { class: "field" },
        h("label", { for: id }, input.label ?? input.name),
        control,
      ),
    };
  });
  const form = h(
    "form",
    {
      class: "card start-form",
      "aria-labelledby": "start-title",
      novalidate: true,
    },
    h("h2", { id: "start-title", class: "section-title" }, "Новый разговор"),
    h(
      "p",
      { class: "muted" },
      inputs.length > 0
        ? "Введите данные клиента: они подставятся в скрипт, который вы прочитаете клиенту."
        : "Нажмите «Начать», чтобы открыть сценарий.",
    ),
    fields.map((f) => f.row),
    error,
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit", class: "button primary" }, "Начать"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const given: Record<string, string> = {};
    for (const f of fields) {
      given[f.input.name] = f.control.value.trim();
      f.control.removeAttribute("aria-invalid");
    }
    const missing = fields.find((f) => given[f.input.name] === "");
    if (missing !== undefined) {
      missing.control.setAttribute("aria-invalid", "true");
      error.textContent =
        missing.control instanceof HTMLSelectElement
          ? `Выберите значение поля «${missing.input.label ?? missing.input.name}».`
          : `Заполните поле «${missing.input.label ?? missing.input.name}».`;
      missing.control.focus();
      return;
    }
    onStart(given);
  });
  return form;
}

/** How an input's value is shown: a choice input's value by its label. */
export function inputValueText(input: InputDef, value: string): string {
  const chosen = input.values?.find((v) => v.id === value);
  return chosen === undefined ? value : (chosen.label ?? chosen.id);
}
