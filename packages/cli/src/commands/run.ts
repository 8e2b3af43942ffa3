import { createInterface } from "node:readline";
import type { Command } from "commander";
import {
  back,
  choose,
  restart,
  start,
  type AskView,
  type FlowDefinition,
  type Output,
  type Session,
} from "@flowc/runtime";
import { compileFile } from "../compile-report.js";
import { loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { readFlowFile } from "../files.js";
import type { CliContext, CliIO } from "../io.js";
import { createStyle, useColor, type Style } from "../output.js";

export interface RunOptions {
  /** `name=value` pairs, as given. */
  readonly inputs: readonly string[];
  /** Comma-separated option keys (or 1-based option numbers); unset: interactive on a terminal. */
  readonly choose?: string;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command("run")
    .description(
      "play a .flow file: interactively on a terminal, or with --choose",
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
    .action(
      async (file: string, options: { input: string[]; choose?: string }) => {
        ctx.exitCode = await runRun(ctx.io, file, {
          inputs: options.input,
          ...(options.choose !== undefined ? { choose: options.choose } : {}),
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

/** The given --input pairs, checked against the flow's inputs. */
function parseInputs(
  flow: FlowDefinition,
  pairs: readonly string[],
): Map<string, string> {
  const declared = flow.inputs.map((i) => i.name);
  const known =
    declared.length > 0
      ? `this flow's inputs: ${declared.join(", ")}`
      : "this flow has no inputs";
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0) problems.push(`--input ${pair}: write it as name=value`);
    else if (!declared.includes(name))
      problems.push(`--input ${name}: no such input (${known})`);
    else if (values.has(name)) problems.push(`--input ${name}: given twice`);
    else values.set(name, pair.slice(eq + 1));
  }
  if (problems.length > 0) throw new UsageError(problems);
  return values;
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
    const [first, ...rest] = text.split("\n");
    this.io.stdout(
      `${color(label.padEnd(7))}${first}\n${rest.map((l) => `${pad}${l}\n`).join("")}`,
    );
  }

  outputs(outputs: readonly Output[]) {
    for (const o of outputs) {
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
          `${" ".repeat(7)}${this.s.dim(name.padEnd(10))}${value}\n`,
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
    return `${i + 1}. ${o.text}${o.key !== o.text ? this.s.dim(`  [${o.key}]`) : ""}`;
  }

  question(ask: AskView) {
    this.io.stdout(
      `${this.s.bold(`? ${ask.text}`)}${this.s.dim(`  [${ask.id}]`)}\n`,
    );
    for (let i = 0; i < ask.options.length; i++)
      this.io.stdout(`  ${this.option(ask, i)}\n`);
  }

  chosen(ask: AskView, i: number) {
    this.io.stdout(`${this.s.cyan(">")} ${this.option(ask, i)}\n`);
  }

  end() {
    this.io.stdout(`${this.s.dim("(end of the flow)")}\n`);
  }
}

/** The index of the option `answer` names: its exact key, else its number as shown (1-based). */
function optionIndex(ask: AskView, answer: string): number {
  const byKey = ask.options.findIndex((o) => o.key === answer);
  if (byKey >= 0) return byKey;
  const n = /^\d+$/.test(answer) ? Number(answer) : 0;
  return n >= 1 && n <= ask.options.length ? n - 1 : -1;
}

const validKeys = (ask: AskView) =>
  `valid keys: ${ask.options.map((o) => JSON.stringify(o.key)).join(", ")} (or a number from 1 to ${ask.options.length})`;

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
  const result = compileFile(dsl, io, src, "cannot run");
  const flow = result.definition;
  if (flow === null) return 1;
  const inputs = parseInputs(flow, options.inputs);
  const interactive =
    options.choose === undefined &&
    io.isTTY &&
    io.stdinIsTTY === true &&
    io.stdin !== undefined;
  const missing = flow.inputs.filter((i) => !inputs.has(i.name));
  const print = new Printer(io, createStyle(useColor(io)));
  if (interactive) return interact(io, flow, inputs, missing, print);
  if (missing.length > 0) {
    throw new UsageError(
      `${src.file} needs ${missing.map((i) => `--input ${i.name}=…${i.label ? ` (${i.label})` : ""}`).join(", ")}`,
    );
  }

  const keys = splitKeys(options.choose ?? "");
  let s: Session = start(flow, Object.fromEntries(inputs));
  let shown = 0;
  for (let k = 0; ; k++) {
    print.outputs(s.outputs.slice(shown));
    shown = s.outputs.length;
    if (s.status === "done") {
      print.end();
      if (k < keys.length) {
        io.stderr(
          `flowc: the flow finished after ${k} ${k === 1 ? "choice" : "choices"}; not used: ${keys.slice(k).join(", ")}\n`,
        );
        return 1;
      }
      return 0;
    }
    print.question(s.ask);
    if (k >= keys.length) {
      io.stdout(
        `(stopped at question ${s.askId}: ${keys.length === 0 ? "give the answers with --choose" : "no more keys in --choose"})\n`,
      );
      return 0;
    }
    const i = optionIndex(s.ask, keys[k]!);
    if (i < 0) {
      io.stderr(
        `flowc: ${JSON.stringify(keys[k])} is not an option of question ${s.askId}; ${validKeys(s.ask)}\n`,
      );
      return 1;
    }
    print.chosen(s.ask, i);
    s = choose(s, i);
  }
}

/** Plays the flow at a terminal: numbered options, b back, r restart, q quit. */
async function interact(
  io: CliIO,
  flow: FlowDefinition,
  inputs: Map<string, string>,
  missing: readonly { name: string; label: string | null }[],
  print: Printer,
): Promise<number> {
  const rl = createInterface({
    input: io.stdin!,
    terminal: false,
    crlfDelay: Infinity,
  });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    io.stdout(prompt);
    const next = await lines.next();
    return next.done ? null : String(next.value).trim();
  };
  try {
    for (const input of missing) {
      const value = await ask(`${input.label ?? input.name} (${input.name}): `);
      if (value === null) return 0;
      inputs.set(input.name, value);
    }
    let s: Session = start(flow, Object.fromEntries(inputs));
    print.outputs(s.outputs);
    for (;;) {
      if (s.status === "done") print.end();
      else print.question(s.ask);
      const help =
        s.status === "done"
          ? "b back, r restart, q quit"
          : `1-${s.ask.options.length}, b back, r restart, q quit`;
      let next: Session | null = null;
      while (next === null) {
        const answer = await ask(`${help}: `);
        if (answer === null || answer === "q") return 0;
        if (answer === "b") {
          next = back(s);
          if (next === s) io.stdout("(this is the first question)\n");
        } else if (answer === "r") {
          next = restart(s);
          io.stdout("(restarted)\n");
          print.outputs(next.outputs);
        } else if (s.status === "asking") {
          const i = optionIndex(s.ask, answer);
          if (i < 0)
            io.stdout(
              `${JSON.stringify(answer)} is not an option here; ${validKeys(s.ask)}\n`,
            );
          else {
            print.chosen(s.ask, i);
            next = choose(s, i);
            print.outputs(next.outputs.slice(s.outputs.length));
          }
        } else io.stdout("The flow has finished.\n");
      }
      s = next;
    }
  } finally {
    rl.close();
  }
}
