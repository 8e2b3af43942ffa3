import type { FlowFile, Identifier, MatchStatement } from "../ast/types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import { Suggester } from "./suggest.js";
import type { Taint } from "./taint.js";
import { branchHead, matchHead } from "./walk.js";

/**
 * Choice inputs and `match`, as far as names tell: each input's values
 * (`duplicate-value`), and for each match its input (`undeclared-input`,
 * `match-on-text`) and its cases (`unknown-case`, `duplicate-case`,
 * `non-exhaustive-match`, and an `else` no value reaches, `unreachable-code`).
 * Where a syntax error lies inside the input or the match, values or cases
 * may have been lost: the checks that count them stay quiet.
 */

export interface ChoiceInput {
  /** Its values, each once, in source order. */
  readonly values: readonly string[];
  readonly span: Span;
}

/** The values of each choice input (the first declaration of each name), reporting a value named twice. */
export function declareChoices(file: FlowFile, out: Diagnostic[]): Map<string, ChoiceInput> {
  const choices = new Map<string, ChoiceInput>();
  const seenInputs = new Set<string>();
  for (const input of file.inputs) {
    if (input.id.missing || input.id.name === "" || seenInputs.has(input.id.name)) continue;
    seenInputs.add(input.id.name);
    if (input.values === null) continue;
    const first = new Map<string, Span>();
    for (const value of input.values) {
      if (value.id.missing || value.id.name === "") continue;
      const earlier = first.get(value.id.name);
      if (earlier === undefined) {
        first.set(value.id.name, value.id.span);
        continue;
      }
      out.push(
        diagnostic(
          "duplicate-value",
          `The input \`${input.id.name}\` lists the value \`${value.id.name}\` twice.`,
          value.id.span,
          {
            related: [{ message: `the first \`${value.id.name}\` is here`, span: earlier }],
            hint: "remove one of the two lines, or give each value its own name",
          },
        ),
      );
    }
    choices.set(input.id.name, { values: [...first.keys()], span: input.span });
  }
  return choices;
}

/** Lists names for a message: `a`, `b` and `c`. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

export class MatchChecks {
  private readonly inputSuggester: Suggester;
  private readonly valueSuggesters = new Map<string, Suggester>();
  /**
   * The nodes an `else` that no value reaches jumps to: that `else` is the
   * one error, so they are not also reported unreachable.
   */
  readonly deadElseTargets = new Set<string>();

  constructor(
    private readonly inputs: ReadonlyMap<string, Identifier>,
    private readonly choices: ReadonlyMap<string, ChoiceInput>,
    private readonly skippedNames: ReadonlySet<string>,
    private readonly taint: Taint,
    private readonly out: Diagnostic[],
  ) {
    this.inputSuggester = new Suggester(inputs.keys());
  }

  /** Checks one match; returns the name of the input it uses, when it names a declared one. */
  check(match: MatchStatement): string | null {
    const { out } = this;
    const name = match.input.name;
    if (match.input.missing || name === "") return null;
    if (!this.inputs.has(name)) {
      if (this.skippedNames.has(name)) return null;
      const close = this.inputSuggester.suggest(name);
      out.push(
        diagnostic(
          "undeclared-input",
          `\`${name}\` is not an input of this flow, so \`match\` has no value to branch on.`,
          match.input.span,
          {
            hint:
              close !== null
                ? `did you mean \`${close}\`?`
                : `declare it under the \`flow\` line with its values: input ${name} "…" { value … }`,
          },
        ),
      );
      return null;
    }
    const choice = this.choices.get(name);
    if (choice === undefined) {
      out.push(
        diagnostic(
          "match-on-text",
          `The input \`${name}\` has no list of values (it is free text), so \`match\` has nothing to branch on.`,
          match.input.span,
          { hint: `list the values it can take: input ${name} "…" { value a "…" value b "…" }` },
        ),
      );
      return name;
    }
    // Values lost to a syntax error in the input, or cases lost in the match: counting them proves nothing.
    const inputBroken = this.taint.within(choice.span);
    const matchBroken = this.taint.within(match.span);
    const known = new Set(choice.values);
    const taken = new Map<string, Span>();
    const guessed = new Set<string>();
    for (const branch of match.cases) {
      for (const value of branch.values) {
        if (value.missing || value.name === "") continue;
        if (!known.has(value.name)) {
          if (inputBroken || this.skippedNames.has(value.name)) continue;
          const close = this.suggesterFor(name, choice).suggest(value.name);
          // The value it was meant for has its case (one mistake, one error).
          if (close !== null && !taken.has(close)) guessed.add(close);
          out.push(
            diagnostic(
              "unknown-case",
              `\`${value.name}\` is not a value of the input \`${name}\` (its values: ${listNames(choice.values)}).`,
              value.span,
              {
                hint:
                  close !== null
                    ? `did you mean \`${close}\`?`
                    : `add it to the input's values: value ${value.name} "…"`,
              },
            ),
          );
          continue;
        }
        const first = taken.get(value.name);
        if (first === undefined) {
          taken.set(value.name, value.span);
          continue;
        }
        out.push(
          diagnostic(
            "duplicate-case",
            `The value \`${value.name}\` already has a case in this match: only the first one could ever run.`,
            value.span,
            {
              related: [{ message: `the first case for \`${value.name}\` is here`, span: first }],
              hint: `remove \`${value.name}\` from one of the two cases`,
            },
          ),
        );
      }
    }
    if (inputBroken || matchBroken) return name;
    const missing = choice.values.filter((v) => !taken.has(v) && !guessed.has(v));
    if (match.else === null && missing.length > 0) {
      out.push(
        diagnostic(
          "non-exhaustive-match",
          `The match on \`${name}\` has no case for ${listNames(missing)}: a session with ${missing.length === 1 ? "that value" : "one of these values"} would have nowhere to go.`,
          matchHead(match),
          { hint: `add \`case ${missing.join(", ")} -> …\` (or a block), or an \`else\`` },
        ),
      );
    } else if (match.else !== null && missing.length === 0) {
      const target = match.else.target;
      if (target !== null && !target.missing) this.deadElseTargets.add(target.name);
      out.push(
        diagnostic(
          "unreachable-code",
          `This \`else\` can never run: every value of \`${name}\` has a case above it.`,
          branchHead(match.else),
          {
            related: [{ message: "the match", span: matchHead(match) }],
            hint: "remove the `else`, or a value's case if the `else` should take it",
          },
        ),
      );
    }
    return name;
  }

  private suggesterFor(name: string, choice: ChoiceInput): Suggester {
    let s = this.valueSuggesters.get(name);
    if (s === undefined) {
      s = new Suggester(choice.values);
      this.valueSuggesters.set(name, s);
    }
    return s;
  }
}
