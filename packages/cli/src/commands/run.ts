import { createInterface } from "node:readline";
import type { Command } from "commander";
import {
  back,
  choose,
  restart,
  result,
  start,
  type AnsweredAsk,
  type AskView,
  type FlowDefinition,
  type InputDef,
  type MatchedCase,
  type Output,
  type Session,
} from "@flowc/runtime";
import { loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { readFlowFile } from "../fs.js";
import { parseInputPairs } from "../input-pairs.js";
import type { CliContext, CliIO } from "../io.js";
import { onFile, printNotMade } from "../report.js";
import {
  createStyle,
  plural,
  printable,
  useColor,
  type Style,
} from "../style.js";

export interface RunOptions {
  /** `name=value` pairs, as given. */
  readonly inputs: readonly string[];
  /** Comma-separated option keys (or 1-based option numbers); unset: interactive on a terminal. */
  readonly choose?: string;
  /** Play a flow with errors as far as it works (its errors are listed first). */
  readonly allowErrors?: boolean;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command("run")
    .description(
      "play a .flow file: interactively on a terminal, with --choose, or with answers piped on stdin (one per line)",
    )
    .argument("<file>", "the .flow file")
    .option(
      "--input <name=value>",
      "the value of an input of the flow (repeat for each input)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--choose <keys>",
      "option keys to pick in order, separated by commas (a number picks the option shown with it; write a comma in a key as \\,)",
    )
    .option(
      "--allow-errors",
      "play a flow that has errors, as far as it works (a missing node ends the flow)",
    )
    .action(
      async (
        file: string,
        options: { input: string[]; choose?: string; allowErrors?: boolean },
      ) => {
        ctx.exitCode = await runRun(ctx.io, file, {
          inputs: options.input,
          ...(options.choose !== undefined ? { choose: options.choose } : {}),
          allowErrors: options.allowErrors === true,
        });
      },
    );
}

/** `a,b\,c` → ["a", "b,c"]: commas separate keys, `\,` is a comma inside a key and `\\` a backslash. */
export function splitKeys(text: string): string[] {
  const keys: string[] = [];
  let key = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && (text[i + 1] === "," || text[i + 1] === "\\"))
      key += text[++i];
    else if (c === ",") {
      keys.push(key);
      key = "";
    } else key += c;
  }
  keys.push(key);
  return text === "" ? [] : keys;
}

/** A choice input's values as messages list them: `person, company`. */
const valueIds = (input: InputDef) =>
  input.values!.map((v) => printable(v.id)).join(", ");

/** `--input name=… (Label)`, with a choice input's values: `--input client_type=… (Кто: person, company)`. */
function inputHint(input: InputDef): string {
  const about = [
    input.label === null ? "" : printable(input.label),
    input.values ? valueIds(input) : "",
  ].filter((part) => part !== "");
  return `--input ${input.name}=…${about.length > 0 ? ` (${about.join(": ")})` : ""}`;
}

/** Prints outputs and questions. */
class Printer {
  constructor(
    private readonly io: CliIO,
    private readonly s: Style,
  ) {}

  /** `label` in a fixed-width column, the text after it; later lines of the text aligned under it. */
  private line(
    label: string,
    text: string,
    color: (t: string) => string = (t) => t,
  ) {
    const pad = " ".repeat(7);
    const [first, ...rest] = printable(text).split("\n");
    this.io.stdout(
      `${color(label.padEnd(7))}${first}\n${rest.map((l) => `${pad}${l}\n`).join("")}`,
    );
  }

  /** Outputs and matches passed, as a step's transcript has them (answered questions are shown by `chosen`). */
  entries(entries: readonly (Output | AnsweredAsk | MatchedCase)[]) {
    for (const o of entries) {
      if (o.kind === "ask") continue;
      if (o.kind === "match") {
        // Which case the flow took, and why: the value the input has.
        const value =
          o.label !== o.value
            ? `${o.value} (${o.label})`
            : o.value;
        const taken = o.case ? `case ${o.case.join(", ")}` : "else";
        this.line("match", `${o.input} = ${value} → ${taken}`, this.s.dim);
        continue;
      }
      if (o.kind !== "ticket") {
        this.line(
          o.kind,
          o.text,
          o.kind === "say"
            ? this.s.green
            : o.kind === "todo"
              ? this.s.yellow
              : this.s.cyan,
        );
        continue;
      }
      // A ticket as the form the agent fills in.
      this.line("ticket", o.title, this.s.bold);
      const row = (name: string, value: string) =>
        this.io.stdout(
          `${" ".repeat(7)}${this.s.dim(name.padEnd(10))}${printable(value)}\n`,
        );
      if (o.id !== null) row("id", o.id);
      if (o.queue !== undefined) row("queue", o.queue);
      if (o.priority !== undefined) row("priority", o.priority);
      for (const f of o.fields)
        row(
          "field",
          `${f.label} (${f.id}${f.required ? ", required" : ""}): ____`,
        );
      for (const f of o.attachments)
        row(
          "attach",
          `${f.label} (${f.id}${f.required ? ", required" : ""}): [file]`,
        );
    }
  }

  /** The option as shown: its label, and its key when that differs. */
  option(ask: AskView, i: number): string {
    const o = ask.options[i]!;
    return `${i + 1}. ${printable(o.text)}${o.key !== o.text ? this.s.dim(`  [${printable(o.key)}]`) : ""}`;
  }

  question(ask: AskView) {
    this.io.stdout(
      `${this.s.bold(`? ${printable(ask.text)}`)}${this.s.dim(`  [${printable(ask.id)}]`)}\n`,
    );
    for (let i = 0; i < ask.options.length; i++)
      this.io.stdout(`  ${this.option(ask, i)}\n`);
  }

  /** A choice input's values, numbered like a question's options. */
  values(input: InputDef) {
    this.io.stdout(
      `${this.s.bold(`? ${printable(input.label ?? input.name)}`)}${this.s.dim(`  [${printable(input.name)}]`)}\n`,
    );
    input.values!.forEach((v, i) => {
      const id = v.label !== null && v.label !== v.id;
      this.io.stdout(
        `  ${i + 1}. ${printable(v.label ?? v.id)}${id ? this.s.dim(`  [${printable(v.id)}]`) : ""}\n`,
      );
    });
  }

  chosen(ask: AskView, i: number) {
    this.io.stdout(`${this.s.cyan(">")} ${this.option(ask, i)}\n`);
  }

  end() {
    this.io.stdout(`${this.s.dim("(end of the flow)")}\n`);
  }
}

/** What `next` adds to `previous`'s transcript: its outputs and matches passed (all of them without `previous`). */
function added(next: Session, previous?: Session) {
  const all = result(next).transcript;
  return previous ? all.slice(result(previous).transcript.length) : all;
}

/** The value id `answer` names: a value's exact id, else its number as shown (1-based). */
function valueOf(
  values: NonNullable<InputDef["values"]>,
  answer: string,
): string | undefined {
  if (values.some((v) => v.id === answer)) return answer;
  const n = /^\d+$/.test(answer) ? Number(answer) : 0;
  return values[n - 1]?.id;
}

/** The index of the option `answer` names: its exact key, else its number as shown (1-based). */
function optionIndex(ask: AskView, answer: string): number {
  const byKey = ask.options.findIndex((o) => o.key === answer);
  if (byKey >= 0) return byKey;
  const n = /^\d+$/.test(answer) ? Number(answer) : 0;
  return n >= 1 && n <= ask.options.length ? n - 1 : -1;
}

const validKeys = (ask: AskView) =>
  `valid keys: ${ask.options.map((o) => printable(JSON.stringify(o.key))).join(", ")} (or a number from 1 to ${ask.options.length})`;

/**
 * Exit status: 0 when the flow was played (to its end, or as far as the
 * given keys go); 1 when the flow has errors, a key is not an option of its
 * question, or keys are left over after the flow finished. Usage and file
 * problems (a bad or missing --input, no such file) throw `UsageError` (2).
 */
export async function runRun(
  io: CliIO,
  file: string,
  options: RunOptions,
): Promise<number> {
  const src = await readFlowFile(io, file);
  const dsl = await loadDsl();
  const allowErrors = options.allowErrors === true;
  const result = onFile("compiling", src.file, () =>
    dsl.compile(src.text, printable(src.file), { allowErrors }),
  );
  const checked = {
    file: src.file,
    source: result.source,
    diagnostics: result.diagnostics,
  };
  if (result.definition === null) {
    printNotMade(
      dsl,
      io,
      checked,
      "cannot run",
      `${plural(result.errors, "error")} (see above; --allow-errors plays the part that works)`,
    );
    return 1;
  }
  if (result.errors > 0)
    printNotMade(
      dsl,
      io,
      checked,
      "playing with errors",
      `${plural(result.errors, "error")} (see above); it plays as far as it works`,
    );
  const flow = result.definition;
  const inputs = parseInputPairs(
    flow.inputs.map((i) => ({ name: i.name, values: i.values?.map((v) => v.id) ?? null })),
    options.inputs,
  );
  const fromStdin = options.choose === undefined && io.stdin !== undefined;
  const interactive = fromStdin && io.isTTY && io.stdinIsTTY === true;
  const missing = flow.inputs.filter((i) => !inputs.has(i.name));
  const print = new Printer(io, createStyle(useColor(io)));
  try {
    // Answers come from a terminal, or one per line from a pipe, the same way.
    if (fromStdin)
      return await interact(io, flow, inputs, missing, print, interactive);
    if (missing.length > 0) {
      throw new UsageError(
        `${printable(src.file)} needs ${missing.map(inputHint).join(", ")}`,
      );
    }
    return playKeys(io, flow, inputs, splitKeys(options.choose ?? ""), print);
  } catch (error) {
    // A flow played with --allow-errors may break a rule of the runtime (a jump loop, say).
    if (allowErrors && error instanceof Error && error.name === "FlowError") {
      io.stderr(
        `flowc: this flow cannot be played even with --allow-errors: fix the errors above first (the runtime says: ${printable(error.message)})\n`,
      );
      return 1;
    }
    throw error;
  }
}

/** Plays the flow with the keys of --choose, printing each output and question. */
function playKeys(
  io: CliIO,
  flow: FlowDefinition,
  inputs: Map<string, string>,
  keys: readonly string[],
  print: Printer,
): number {
  let s: Session = start(flow, Object.fromEntries(inputs));
  print.entries(added(s));
  for (let k = 0; ; k++) {
    if (s.status === "done") {
      print.end();
      if (k < keys.length) {
        io.stderr(
          `flowc: the flow finished after ${k} ${k === 1 ? "choice" : "choices"}; not used: ${printable(keys.slice(k).join(", "))}\n`,
        );
        return 1;
      }
      return 0;
    }
    print.question(s.ask);
    if (k >= keys.length) {
      io.stdout(
        `(stopped at question ${printable(s.askId)}: ${keys.length === 0 ? "give the answers with --choose" : "no more keys in --choose"})\n`,
      );
      return 0;
    }
    const i = optionIndex(s.ask, keys[k]!);
    if (i < 0) {
      io.stderr(
        `flowc: ${printable(JSON.stringify(keys[k]))} is not an option of question ${printable(s.askId)}; ${validKeys(s.ask)}\n`,
      );
      return 1;
    }
    print.chosen(s.ask, i);
    const next = choose(s, i);
    print.entries(added(next, s));
    s = next;
  }
}

/** `b`, `r`, `q`: back, restart, quit — or `:b`, `:r`, `:q`, which always mean the command, when an option has that key. */
type RunCommand = "back" | "restart" | "quit";
const COMMANDS: Readonly<Record<string, RunCommand>> = {
  b: "back",
  r: "restart",
  q: "quit",
};

/** The command `answer` means, when it is not an option of `ask` (an option's key wins over a bare letter). */
function commandOf(answer: string, ask: AskView | null): RunCommand | null {
  if (answer.startsWith(":")) return COMMANDS[answer.slice(1)] ?? null;
  const command = COMMANDS[answer];
  if (command === undefined) return null;
  return ask !== null && ask.options.some((o) => o.key === answer)
    ? null
    : command;
}

/** The commands as the prompt shows them: `:b` where an option has the key `b`. */
function commandHelp(ask: AskView | null): string {
  return Object.entries(COMMANDS)
    .map(([letter, name]) => {
      const taken = ask !== null && ask.options.some((o) => o.key === letter);
      return `${taken ? ":" : ""}${letter} ${name}`;
    })
    .join(", ");
}

/**
 * Plays the flow from answers read one per line: typed at a terminal
 * (numbered options, commands, prompts), or piped (the same answers; each
 * choice is printed, prompts are not).
 */
async function interact(
  io: CliIO,
  flow: FlowDefinition,
  inputs: Map<string, string>,
  missing: readonly InputDef[],
  print: Printer,
  terminal: boolean,
): Promise<number> {
  const rl = createInterface({
    input: io.stdin!,
    terminal: false,
    crlfDelay: Infinity,
  });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    if (terminal) io.stdout(prompt);
    const next = await lines.next();
    return next.done ? null : String(next.value).trim();
  };
  try {
    for (const input of missing) {
      const { name, values } = input;
      const prompt = `${printable(input.label ?? name)} (${name})${values ? `, 1-${values.length}` : ""}: `;
      // A choice input: its values, numbered; an answer is a number or a value id.
      if (values) print.values(input);
      let value: string | undefined;
      while (value === undefined) {
        const answer = await ask(prompt);
        if (answer === null) {
          if (!terminal) io.stdout(`(stopped: no value for the input ${name})\n`);
          return 0;
        }
        if (!terminal) io.stdout(`${prompt}${printable(answer)}\n`);
        value = values ? valueOf(values, answer) : answer;
        if (value === undefined) {
          io.stdout(
            `${printable(JSON.stringify(answer))} is not a value of ${name}; its values: ${valueIds(input)} (or a number from 1 to ${values!.length})\n`,
          );
          // A script that gives a wrong value stops here rather than play on with another.
          if (!terminal) return 1;
        }
      }
      inputs.set(name, value);
    }
    let s: Session = start(flow, Object.fromEntries(inputs));
    print.entries(added(s));
    for (;;) {
      if (s.status === "done") print.end();
      else print.question(s.ask);
      const here = s.status === "asking" ? s.ask : null;
      const help =
        here === null
          ? commandHelp(null)
          : `1-${here.options.length}, ${commandHelp(here)}`;
      let next: Session | null = null;
      while (next === null) {
        const answer = await ask(`${help}: `);
        if (answer === null) {
          if (!terminal && here !== null)
            io.stdout(
              `(stopped at question ${printable(s.askId ?? "")}: no more answers)\n`,
            );
          return 0;
        }
        const command = commandOf(answer, here);
        if (command === "quit") return 0;
        if (command === "back") {
          next = back(s);
          if (next === s) io.stdout("(this is the first question)\n");
          else if (!terminal) io.stdout("(back)\n");
        } else if (command === "restart") {
          next = restart(s);
          io.stdout("(restarted)\n");
          print.entries(added(next));
        } else if (here !== null) {
          const i = optionIndex(here, answer);
          if (i < 0) {
            io.stdout(
              `${printable(JSON.stringify(answer))} is not an option here; ${validKeys(here)}\n`,
            );
            // A script that gives a wrong answer stops here rather than play on from a wrong place.
            if (!terminal) return 1;
          } else {
            print.chosen(here, i);
            next = choose(s as Session & { status: "asking" }, i);
            print.entries(added(next, s));
          }
        } else {
          io.stdout("The flow has finished.\n");
          if (!terminal) return 0;
        }
      }
      s = next;
    }
  } finally {
    rl.close();
  }
}
