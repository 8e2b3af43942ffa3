// Compiled with tsc by test/types/types.test.ts: every `@ts-expect-error` marks
// a misuse that the generated types must reject. If one compiles after all,
// the directive is unused and the test fails.
import {
  back,
  choose,
  restart,
  restore,
  result,
  serialize,
  start,
  type FlowDefinition,
  type Session,
} from "@flowc/runtime";
import delivery, { type Inputs as DeliveryInputs } from "./generated/delivery.js";
import greeting from "./generated/no_inputs.js";
import flow, {
  type Asks,
  type FlowSession,
  type Input,
} from "./generated/order_status.js";

// Inputs: exactly the declared names, each a text.
const s = start(flow, { client_name: "Анна" });
// @ts-expect-error a missing input
start(flow, {});
// @ts-expect-error a misspelled input
start(flow, { client_nmae: "Анна" });
// @ts-expect-error inputs left out altogether
start(flow);
// @ts-expect-error an input that is not a text
start(flow, { client_name: 42 });
const name: Input = "client_name";
// @ts-expect-error not an input of this flow
const wrongName: Input = "client";

// A choice input takes one of its value ids, nothing else.
start(delivery, { client_name: "Анна", client_type: "company" });
// @ts-expect-error a value the choice input does not list
start(delivery, { client_name: "Анна", client_type: "firm" });
// @ts-expect-error a value's label is not its id
start(delivery, { client_name: "Анна", client_type: "Юр.лицо" });
// @ts-expect-error a choice input is required like any other
start(delivery, { client_name: "Анна" });
const clientType: DeliveryInputs["client_type"] = "sole_trader";
// @ts-expect-error a text input stays a text: any string, but a string
start(delivery, { client_name: 42, client_type: "person" });
const fromApp: string = "person";
// @ts-expect-error a plain string is not known to be a value: narrow it first
start(delivery, { client_name: "Анна", client_type: fromApp });
const d = start(delivery, { client_name: "Анна", client_type: clientType });
restore(delivery, serialize(d), { inputs: { client_type: "person" } });
// @ts-expect-error restore()'s inputs are typed the same way
restore(delivery, serialize(d), { inputs: { client_type: "firm" } });
// A typed flow with choice inputs still fits code written for any flow.
const anyFlow: FlowDefinition = delivery;
start(anyFlow, { client_type: "firm" }); // checked at run time instead
// A transcript entry is an output, an answered question or a match passed.
for (const entry of result(d).transcript)
  if (entry.kind === "match") {
    const value: string = entry.value;
    const taken: readonly string[] | null = entry.case;
    void [value, taken];
  }

// A flow without inputs takes no inputs argument.
const g = start(greeting);
// @ts-expect-error this flow has no inputs
start(greeting, { client_name: "Анна" });

// @ts-expect-error the session may be finished: check `status` first
choose(s, "cancelled_in_wcrm");

if (s.status === "asking") {
  // Without narrowing, any key of any question of this flow (or an index).
  choose(s, "cancelled_in_wcrm");
  choose(s, "person");
  choose(s, 1);
  // @ts-expect-error not a key of any question of this flow
  choose(s, "cancelled");
  // Keys from the ask itself are always right.
  for (const option of s.ask.options) choose(s, option.key);
  // @ts-expect-error the option itself, not its key
  choose(s, s.ask.options[0]!);

  // Narrowing on the ask id narrows the keys.
  if (s.askId === "situation") {
    const next = choose(s, "completed_not_received");
    // @ts-expect-error a key of another question
    choose(s, "person");
    if (next.status === "asking" && next.askId === "who_ordered")
      choose(next, "company");
  }
  switch (s.askId) {
    case "who_ordered":
      choose(s, "company");
      // @ts-expect-error a key of another question, after narrowing
      choose(s, "cancelled_in_wcrm");
      break;
    case "situation":
      break;
    // @ts-expect-error not an ask id of this flow
    case "who":
      break;
  }
}

if (s.status === "done") {
  // @ts-expect-error a finished session has no question to answer
  choose(s, 0);
  const ask: null = s.ask;
  void ask;
}

// back, restart, restore keep the flow's types.
const previous: FlowSession = back(s);
const again: Session<Asks> = restart(previous);
const restored = restore(flow, serialize(again));
// Inputs a saved session lacks (the flow gained one since) come with restore().
restore(flow, serialize(again), { inputs: { client_name: "Анна" } });
// @ts-expect-error not an input of this flow
restore(flow, serialize(again), { inputs: { client: "Анна" } });
if (restored.status === "asking" && restored.askId === "situation")
  choose(restored, "cancelled_in_wcrm");
const r = result(restored);
const firstAsk: string | undefined = r.path[0]?.ask;
// Typed sessions also fit code written for any flow.
const untyped: Session = restored;
const says: readonly string[] = r.says;
const ticketId: string | null | undefined = r.tickets[0]?.id;

// An untyped definition (JSON loaded at run time) takes any string key and any inputs.
const loaded = JSON.parse("{}") as FlowDefinition;
const u = start(loaded, { anything: "x" });
start(loaded);
if (u.status === "asking") choose(u, "whatever");
// @ts-expect-error even untyped, a key is a string or an index
if (u.status === "asking") choose(u, true);

void [name, wrongName, g, firstAsk, says, ticketId, untyped];
