import type { FlowDefinition } from "@flowc/runtime";

/**
 * A hand-made definition (format 3) with two matches on one choice input, as
 * the compiler would write this flow:
 *
 *     flow delivery "Доставка"
 *     input client_name "Имя клиента"
 *     input client_type "Кто оформил заказ" {
 *       value person "Физ.лицо"
 *       value company "Юр.лицо"
 *       value sole_trader
 *     }
 *     say "{client_name}, здравствуйте."
 *     match client_type {
 *       case person { note "Физ.лицо: {client_type}" }
 *       case company, sole_trader { note "Заказ на {client_type}." }
 *     }
 *     ask method "Как доставить?" {
 *       option courier "Курьер" { say "Курьер приедет." }
 *       option pickup "Самовывоз"
 *     }
 *     match client_type {
 *       case person { say "Возьмите паспорт." }
 *       else { say "Нужна доверенность." }
 *     }
 *
 * `parts` overrides properties (a changed flow gets another hash).
 */
export function deliveryFlow(
  parts: Partial<FlowDefinition> = {},
): FlowDefinition {
  return {
    format: "flowc-definition",
    version: 3,
    id: "delivery",
    title: "Доставка",
    hash: "d1",
    inputs: [
      { name: "client_name", label: "Имя клиента" },
      {
        name: "client_type",
        label: "Кто оформил заказ",
        values: [
          { id: "person", label: "Физ.лицо" },
          { id: "company", label: "Юр.лицо" },
          { id: "sole_trader", label: null },
        ],
      },
    ],
    entry: { block: 0 },
    blocks: [
      {
        outputs: [
          {
            kind: "say",
            text: [{ input: "client_name" }, ", здравствуйте."],
          },
        ],
        next: { match: 0 },
      },
      {
        outputs: [
          { kind: "note", text: ["Физ.лицо: ", { input: "client_type" }] },
        ],
        next: { ask: 0 },
      },
      {
        outputs: [
          { kind: "note", text: ["Заказ на ", { input: "client_type" }, "."] },
        ],
        next: { ask: 0 },
      },
      {
        outputs: [{ kind: "say", text: "Курьер приедет." }],
        next: { match: 1 },
      },
      {
        outputs: [{ kind: "say", text: "Возьмите паспорт." }],
        next: { end: true },
      },
      {
        outputs: [{ kind: "say", text: "Нужна доверенность." }],
        next: { end: true },
      },
    ],
    asks: [
      {
        id: "method",
        derivedId: false,
        text: "Как доставить?",
        options: [
          { key: "courier", text: "Курьер", next: { block: 3 } },
          { key: "pickup", text: "Самовывоз", next: { match: 1 } },
        ],
      },
    ],
    matches: [
      {
        input: "client_type",
        cases: [
          { values: ["person"], next: { block: 1 } },
          { values: ["company", "sole_trader"], next: { block: 2 } },
        ],
        else: null,
      },
      {
        input: "client_type",
        cases: [{ values: ["person"], next: { block: 4 } }],
        else: { block: 5 },
      },
    ],
    ...parts,
  };
}
