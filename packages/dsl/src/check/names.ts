import type {
  AskStatement,
  FlowFile,
  Identifier,
  MatchStatement,
  OptionDecl,
  Statement,
  Target,
  Text,
  TicketStatement,
} from "../ast/types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import { explainLookalike } from "../syntax/lookalike.js";
import { type ChoiceInput, declareChoices, MatchChecks } from "./matches.js";
import { Suggester } from "./suggest.js";
import type { Taint } from "./taint.js";
import { askHead, branchesOf, optionKey, walkOwner } from "./walk.js";

/**
 * Names and references: everything that can be checked by looking names up,
 * without following the flow. Runs on every statement, reachable or not (a
 * typo is a typo), and skips names that syntax recovery synthesised.
 */

export interface NameTables {
  /** Node id → index in `file.nodes` of its first definition. */
  readonly nodes: ReadonlyMap<string, number>;
  /** Every ask's id, explicit or derived. */
  readonly askIds: ReadonlyMap<AskStatement, string>;
  /** Every ask, in source order (pre-order: an ask before the asks in its options). */
  readonly asks: readonly AskStatement[];
  /** Every match, in source order (pre-order, like `asks`). */
  readonly matches: readonly MatchStatement[];
  /** Each choice input's values (the first declaration of each name). */
  readonly choices: ReadonlyMap<string, ChoiceInput>;
  /**
   * The nodes that a broken jump's did-you-mean names: the jump was meant for
   * them, so they are not also reported unreachable (one mistake, one error).
   */
  readonly guessedNodes?: ReadonlySet<string>;
  /** Nodes that only an unreachable `else` may lead to: not reported unreachable again. */
  readonly deadElseTargets?: ReadonlySet<string>;
}

/**
 * The names pass: declares the nodes and inputs, then checks every statement
 * of the entry and of each node in source order (naming each ask before it is
 * checked), then reports the inputs no text names. Returns the tables the
 * lowering needs.
 */
export function checkNames(file: FlowFile, taint: Taint, out: Diagnostic[]): NameTables {
  const nodes = declareNodes(file, out);
  const inputs = declareInputs(file, out);
  const choices = declareChoices(file, out);
  const askNames = new AskNames(file, nodes, out);
  // Names in text the parser skipped: what it may have declared or used is unknown (see SkippedRegion).
  const skippedNames = new Set(file.skipped?.flatMap((region) => region.names));
  const guessedNodes = new Set<string>();
  const placeholders = new Placeholders(inputs, skippedNames, out);
  const matchChecks = new MatchChecks(inputs, choices, skippedNames, taint, out);
  const matches: MatchStatement[] = [];
  if (file.header?.title) placeholders.check(file.header.title);
  for (const input of file.inputs) if (input.label) placeholders.check(input.label);
  const context: StatementContext = {
    nodes,
    askIds: askNames.askIds,
    nodeSuggester: new Suggester(["start", ...nodes.keys()]),
    skippedNames,
    guessedNodes,
    placeholders,
    taint,
    out,
  };
  for (let owner = -1; owner < file.nodes.length; owner++) {
    walkOwner(file, owner, (stmt) => {
      if (stmt.kind === "Ask") askNames.add(stmt, owner);
      if (stmt.kind === "Match") {
        matches.push(stmt);
        const input = matchChecks.check(stmt);
        if (input !== null) placeholders.markUsed(input);
      }
      checkStatement(stmt, context);
    });
  }
  placeholders.reportUnused();
  return {
    nodes,
    askIds: askNames.askIds,
    asks: askNames.asks,
    matches,
    choices,
    guessedNodes,
    deadElseTargets: matchChecks.deadElseTargets,
  };
}

/** What checking a statement needs from the file. */
interface StatementContext {
  readonly nodes: ReadonlyMap<string, number>;
  readonly askIds: ReadonlyMap<AskStatement, string>;
  readonly nodeSuggester: Suggester;
  /** Names in text the parser skipped: a jump to one of them is not reported. */
  readonly skippedNames: ReadonlySet<string>;
  /** Filled in: the nodes that a broken jump's did-you-mean names. */
  readonly guessedNodes: Set<string>;
  readonly placeholders: Placeholders;
  readonly taint: Taint;
  readonly out: Diagnostic[];
}

/** One statement: its texts' placeholders, and what its kind needs checked. */
function checkStatement(stmt: Statement, context: StatementContext): void {
  const { askIds, placeholders, taint, out } = context;
  checkTexts(stmt, placeholders);
  if (stmt.kind === "Todo") {
    const what = stmt.text.missing ? "." : `: ${quote(stmt.text.raw)}`;
    out.push(
      diagnostic("todo", `Not written yet${what}`, stmt.span, {
        hint: "replace the todo with the real text before the flow goes live",
      }),
    );
  } else if (stmt.kind === "Ticket") {
    checkTicketFields(stmt, out);
  } else if (stmt.kind === "Ask") {
    const id = askIds.get(stmt) ?? "";
    checkOptions(stmt, id, out);
    // With a syntax error inside, options may have been lost: one option proves nothing.
    if (stmt.options.length === 1 && !taint.within(stmt.span)) {
      out.push(
        diagnostic(
          "single-option",
          `The question${id === "" ? "" : ` \`${id}\``} has only one option, so the agent has nothing to choose.`,
          askHead(stmt),
          { hint: "add the other answers, or replace the question with a note" },
        ),
      );
    }
    for (const option of stmt.options) {
      if (option.target) checkTarget(option.target, context);
    }
  } else if (stmt.kind === "Goto") {
    checkTarget(stmt.target, context);
  } else if (stmt.kind === "Match") {
    for (const branch of branchesOf(stmt)) {
      if (branch.target) checkTarget(branch.target, context);
    }
  }
}

/** `-> x`: a node must exist (unless text the parser skipped may have declared it). */
function checkTarget(target: Target, context: StatementContext): void {
  const { nodes, skippedNames, nodeSuggester, guessedNodes, out } = context;
  if (target.missing || target.isStart || target.name === "" || nodes.has(target.name)) return;
  if (skippedNames.has(target.name)) return;
  const close = nodeSuggester.suggest(target.name);
  if (close !== null) guessedNodes.add(close);
  const lookalike = close !== null ? explainLookalike(target.name, close) : undefined;
  out.push(
    diagnostic(
      "undefined-target",
      lookalike !== undefined
        ? `There is no node named \`${target.name}\` to go to: ${lookalike}.`
        : `There is no node named \`${target.name}\` to go to.`,
      target.span,
      {
        hint: close !== null ? `did you mean \`${close}\`?` : `add a node: node ${target.name} { … }`,
      },
    ),
  );
}

/** A label or text for a message: quoted, and cut when long. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return `“${chars.length > 60 ? `${chars.slice(0, 57).join("")}…` : flat}”`;
}

function usable(id: Identifier | null | undefined): id is Identifier {
  return id !== null && id !== undefined && !id.missing && id.name !== "";
}

function duplicate(
  code:
    "duplicate-node" | "duplicate-input" | "duplicate-ask" | "duplicate-option" | "duplicate-field",
  message: string,
  span: Span,
  first: Span,
  firstMessage: string,
  hint: string,
): Diagnostic {
  return diagnostic(code, message, span, {
    related: [{ message: firstMessage, span: first }],
    hint,
  });
}

function declareNodes(file: FlowFile, out: Diagnostic[]): Map<string, number> {
  const nodes = new Map<string, number>();
  file.nodes.forEach((node, i) => {
    // `start` is reserved (the parser says so); it can never be a jump target.
    if (!usable(node.id) || node.id.name === "start") return;
    const first = nodes.get(node.id.name);
    if (first === undefined) {
      nodes.set(node.id.name, i);
      return;
    }
    out.push(
      duplicate(
        "duplicate-node",
        `There is already a node named \`${node.id.name}\`.`,
        node.id.span,
        file.nodes[first]!.id.span,
        `the first \`${node.id.name}\` is here`,
        "give each node its own name",
      ),
    );
  });
  return nodes;
}

function declareInputs(file: FlowFile, out: Diagnostic[]): Map<string, Identifier> {
  const inputs = new Map<string, Identifier>();
  for (const input of file.inputs) {
    if (!usable(input.id)) continue;
    const first = inputs.get(input.id.name);
    if (first === undefined) {
      inputs.set(input.id.name, input.id);
      continue;
    }
    out.push(
      duplicate(
        "duplicate-input",
        `The input \`${input.id.name}\` is declared twice.`,
        input.id.span,
        first.span,
        `the first \`${input.id.name}\` is here`,
        "remove one of the two lines",
      ),
    );
  }
  return inputs;
}

/**
 * Ask ids: the explicit id, else the holding node's id for the node's first
 * ask and `<node>#k` for its k-th (counting every ask of the node, named or
 * not, nested ones included, in source order). Asks are added in that order.
 */
class AskNames {
  readonly askIds = new Map<AskStatement, string>();
  readonly asks: AskStatement[] = [];
  /** Asks so far per owner (index 0 for the entry, i + 1 for node i). */
  private readonly counts: Int32Array;
  /** The first ask with each id. */
  private readonly seen = new Map<string, AskStatement>();

  constructor(
    private readonly file: FlowFile,
    private readonly nodes: ReadonlyMap<string, number>,
    private readonly out: Diagnostic[],
  ) {
    this.counts = new Int32Array(file.nodes.length + 1);
  }

  add(stmt: AskStatement, owner: number): void {
    this.asks.push(stmt);
    const n = ++this.counts[owner + 1]!;
    const node = owner === -1 ? null : this.file.nodes[owner]!;
    const nodeName = node === null ? "start" : usable(node.id) ? node.id.name : "";
    const derivedId = nodeName === "" ? "" : n === 1 ? nodeName : `${nodeName}#${n}`;
    const explicit = stmt.id !== null;
    const id = explicit ? (usable(stmt.id) ? stmt.id!.name : "") : derivedId;
    this.askIds.set(stmt, id);
    if (id === "") return;
    // A second node with a taken name is already reported; its derived ids would only echo that.
    if (!explicit && node !== null && this.nodes.get(nodeName) !== owner) return;
    const first = this.seen.get(id);
    if (first === undefined) {
      this.seen.set(id, stmt);
      return;
    }
    const firstDerived = first.id === null;
    const span = explicit ? stmt.id!.span : askHead(stmt);
    const firstSpan = firstDerived ? askHead(first) : first.id!.span;
    const why = explicit
      ? ""
      : ` (a question without its own id is named after its node${n > 1 ? `, numbered in order` : ""})`;
    this.out.push(
      duplicate(
        "duplicate-ask",
        `Two questions have the id \`${id}\`${why}.`,
        span,
        firstSpan,
        firstDerived
          ? `this question is also \`${id}\`, named after its node`
          : `the first \`${id}\` is here`,
        'give one of the questions its own id: ask my_id "…"',
      ),
    );
  }
}

function checkOptions(ask: AskStatement, askId: string, out: Diagnostic[]): void {
  const keys = new Map<string, Span>();
  for (const option of ask.options) {
    const key = optionKey(option);
    if (key === null) continue;
    const span = optionKeySpan(option);
    const first = keys.get(key);
    if (first === undefined) {
      keys.set(key, span);
      continue;
    }
    const where = askId === "" ? "this question" : `the question \`${askId}\``;
    out.push(
      duplicate(
        "duplicate-option",
        `Two options of ${where} are both ${option.id !== null ? `\`${key}\`` : quote(key)}: the agent could not tell which one was chosen.`,
        span,
        first,
        "the first one is here",
        "give each option a different id or label",
      ),
    );
  }
}

function optionKeySpan(option: OptionDecl): Span {
  return option.id !== null ? option.id.span : option.label.span;
}

function checkTicketFields(ticket: TicketStatement, out: Diagnostic[]): void {
  if (ticket.props === null) return;
  const ids = new Map<string, Span>();
  for (const prop of ticket.props) {
    if (prop.kind !== "Field" && prop.kind !== "Attach") continue;
    if (!usable(prop.id)) continue;
    const first = ids.get(prop.id.name);
    if (first === undefined) {
      ids.set(prop.id.name, prop.id.span);
      continue;
    }
    out.push(
      duplicate(
        "duplicate-field",
        `This ticket already has a field or attachment named \`${prop.id.name}\`.`,
        prop.id.span,
        first,
        "the first one is here",
        "give each field and attachment of a ticket its own id",
      ),
    );
  }
}

/** Checks the placeholders of every text of a statement (option labels included). */
function checkTexts(stmt: Statement, placeholders: Placeholders): void {
  switch (stmt.kind) {
    case "Say":
    case "Note":
    case "Todo":
      placeholders.check(stmt.text);
      return;
    case "Ticket":
      placeholders.check(stmt.title);
      for (const prop of stmt.props ?? []) {
        if (prop.kind === "Queue") placeholders.check(prop.text);
        else if (prop.kind === "Field" || prop.kind === "Attach") placeholders.check(prop.label);
      }
      return;
    case "Ask":
      placeholders.check(stmt.text);
      for (const option of stmt.options) placeholders.check(option.label);
      return;
    default:
      return;
  }
}

/**
 * `{name}` placeholders: each must name a declared input, and every input
 * should be named somewhere. Texts are checked as the walk meets them.
 */
class Placeholders {
  private readonly used = new Set<string>();
  private readonly suggester: Suggester;

  constructor(
    private readonly inputs: ReadonlyMap<string, Identifier>,
    private readonly skippedNames: ReadonlySet<string>,
    private readonly out: Diagnostic[],
  ) {
    this.suggester = new Suggester(inputs.keys());
  }

  /** An input used other than in a text (a `match` on it). */
  markUsed(name: string): void {
    this.used.add(name);
  }

  check(text: Text): void {
    if (text.missing) return;
    for (const part of text.parts) {
      if (part.kind !== "Placeholder" || part.name === "") continue;
      if (this.inputs.has(part.name)) {
        this.used.add(part.name);
        continue;
      }
      if (this.skippedNames.has(part.name)) continue;
      const close = this.suggester.suggest(part.name);
      this.out.push(
        diagnostic(
          "undeclared-input",
          `\`{${part.name}}\` is not an input of this flow, so there is nothing to put in its place.`,
          part.span,
          {
            hint:
              close !== null
                ? `did you mean \`{${close}}\`?`
                : `declare it under the \`flow\` line: input ${part.name} "…"`,
          },
        ),
      );
    }
  }

  /** After every text is checked: the inputs no text names. */
  reportUnused(): void {
    for (const [name, id] of this.inputs) {
      if (this.used.has(name) || this.skippedNames.has(name)) continue;
      this.out.push(
        diagnostic("unused-input", `The input \`${name}\` is never used in any text or \`match\`.`, id.span, {
          hint: `write \`{${name}}\` where its value should appear, or remove the input`,
        }),
      );
    }
  }
}
