/**
 * CST → AST. Defensive about recovered input: a part the parser could not
 * find (absent, or a token that recovery inserted) is synthesised with
 * `missing: true` and a zero-width span where it should have been, so later
 * stages never meet `undefined` where the grammar promises a value.
 *
 * The builder also reports what the grammar left to it (all `syntax` unless
 * noted): stray tokens (one diagnostic per run on a line), items out of
 * order at the top of the file, an ask without options, a bad priority,
 * names that start with a digit, and reserved words used as names
 * (`reserved-word`). Texts are decoded by syntax/strings.ts
 * (`invalid-string`).
 *
 * Decisions (documented in docs/syntax-errors.md):
 * - A statement after the first `node` is reported and left out of the AST
 *   (its own errors are still reported).
 * - An `input` after a statement or node is reported and kept.
 * - A second `flow` line is reported and ignored; a `flow` line that is not
 *   first is reported and used.
 * - `-> end` is reported and read as `end` (for an option: a body `{ end }`),
 *   so no further error follows from it; `-> say` and other reserved words
 *   give a missing target.
 *
 * The CST keeps each block's items in one ordered list (see parser.ts).
 * Recursion follows the nesting of asks in option bodies, which is bounded
 * per chunk (syntax/nesting.ts): chunks are built from the last to the first,
 * so a hole's statements are ready before the body that holds it.
 */
import type {
  AskStatement,
  Comment,
  FieldProp,
  FlowFile,
  FlowHeader,
  Identifier,
  InputDecl,
  NodeDecl,
  OptionDecl,
  Priority,
  Statement,
  Target,
  Text,
  TicketProp,
  TicketStatement,
} from "./types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import { keepShape } from "../keep.js";
import { type CstElement, type CstNodeLike, holeChunk, isCstNode, type TokenLike } from "../syntax/cst.js";
import { isPriority, startsWithDigit } from "../syntax/chars.js";
import { isRealToken, lineBreakBetween, tokenEnd, tokenSpan, tokenStart } from "../syntax/spans.js";
import { decodeText, missingText } from "../syntax/strings.js";

export interface BuildInput {
  readonly text: string;
  /**
   * chunks[0] is the file's CST; chunks[i > 0] the contents of a deeply
   * nested option body, which the body's `Hole` token (payload i) stands for.
   */
  readonly chunks: readonly (CstNodeLike | undefined)[];
  readonly comments: readonly Comment[];
}

export function buildFile(input: BuildInput): { file: FlowFile; diagnostics: Diagnostic[] } {
  return new Builder(input).file();
}

// ---- words ---------------------------------------------------------------------

const KEYWORD_ROLES: Readonly<Record<string, string>> = {
  flow: "it starts the first line of the file",
  input: "it declares a value that the host passes in",
  node: "it starts a named block of statements",
  ask: "it asks the agent a question",
  option: "it is one answer of an `ask`",
  say: "it gives the words to say to the customer",
  note: "it gives guidance to the agent",
  ticket: "it files a ticket",
  todo: "it marks content not written yet",
  end: "it finishes the flow",
  queue: "it is a property of a ticket",
  priority: "it is a property of a ticket",
  field: "it is a property of a ticket",
  attach: "it is a property of a ticket",
  required: "it marks a ticket's field or attachment as required",
  start: "it is the name of the entry, the statements before the first `node`",
};

const STATEMENT_WORDS = ["say", "note", "todo", "ticket", "ask", "end", "node", "option", "input"];

const RESERVED: ReadonlySet<string> = new Set(Object.keys(KEYWORD_ROLES));

function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** The keyword a misspelt word most likely meant (edit distance ≤ 1, or 2 for long words). */
function closeKeyword(word: string): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of STATEMENT_WORDS) {
    const d = editDistance(lower, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  const allowed = word.length >= 5 ? 2 : 1;
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ---- stray contexts -----------------------------------------------------------------

type Context = "top" | "node" | "option" | "ask" | "ticket";

const TICKET_PROPS = new Set(["Queue", "Priority", "Field", "Attach"]);

function describe(token: TokenLike): string {
  const type = token.tokenType.name;
  if (type === "StringLiteral" || type === "TripleString") {
    const line = token.image.split(/\r?\n/, 1)[0] ?? "";
    return `the text ${line.length > 32 ? `${line.slice(0, 30)}…` : line}`;
  }
  return `\`${token.image}\``;
}

function strayMessage(context: Context, first: TokenLike): string {
  const type = first.tokenType.name;
  const found = describe(first);
  if (context === "ask") {
    return `expected an \`option\` inside the ask's \`{ }\`, found ${found}: an ask holds only options; put statements inside an option's block, like \`option "..." { say "..." }\``;
  }
  if (context === "ticket") {
    if (type === "Required") {
      return "`required` comes at the end of a `field` or `attach` line, like `field comment \"Комментарий\" required`";
    }
    return `expected queue, priority, field or attach inside the ticket's \`{ }\`, found ${found}`;
  }
  switch (type) {
    case "RCurly":
      return "this `}` closes nothing: remove it, or look for a missing `{` before it";
    case "LCurly":
      return "unexpected `{`: a block opens only after `node <name>`, an ask's question, an option or a ticket";
    case "Option":
      return 'an `option` must be inside an ask\'s `{ }`, like `ask "..." { option "..." }`';
    case "Required":
      return "`required` comes at the end of a `field` or `attach` line inside a ticket's `{ }`";
    case "Flow":
      return "the `flow` line comes once, at the top of the file";
    case "Input":
      return "an `input` is declared at the top of the file, not inside a block";
    case "StringLiteral":
    case "TripleString":
      return `expected a statement, found ${found}: a text needs a keyword before it, like \`say "..."\` or \`note "..."\``;
    default:
      break;
  }
  if (TICKET_PROPS.has(type)) {
    return `\`${first.image}\` belongs inside a ticket's \`{ }\`, like \`ticket "..." { ${first.image} ... }\``;
  }
  const guess = type === "Identifier" ? closeKeyword(first.image) : undefined;
  const hint = guess !== undefined ? ` (did you mean \`${guess}\`?)` : "";
  return `expected a statement (say, note, todo, ticket, ask, \`->\` or end), found ${found}${hint}`;
}

// ---- the builder --------------------------------------------------------------------

const NONE: readonly never[] = [];
const DECLARATIONS = new Set(["flowHeader", "inputDecl", "nodeDecl"]);

class Builder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly src: string;
  /** Statements of chunk i, once built. */
  private readonly chunkBodies: Statement[][] = [];
  /** The stray run being collected: its first token, and where its last one ends. */
  private strayStart: TokenLike | null = null;
  private strayEnd = 0;

  constructor(private readonly input: BuildInput) {
    this.src = input.text;
  }

  file(): { file: FlowFile; diagnostics: Diagnostic[] } {
    const chunks = this.input.chunks;
    for (let i = chunks.length - 1; i > 0; i--) {
      const chunk = chunks[i];
      this.chunkBodies[i] = chunk === undefined ? [] : this.body(chunk, "option");
    }
    const root = chunks[0];
    let header: FlowHeader | null = null;
    const inputs: InputDecl[] = [];
    const entry: Statement[] = [];
    const nodes: NodeDecl[] = [];
    let seenContent = false; // a statement or a node
    let seenAnything = false;
    let inLateRun = false; // in a run of statements after the first node

    const addStatement = (statement: Statement) => {
      seenContent = true;
      if (nodes.length === 0) entry.push(statement);
      else if (!inLateRun) {
        inLateRun = true;
        this.error(
          "a statement after the first `node` must go inside a node or before it: move it into a `node { }` or above the first `node`",
          statement.span,
        );
      }
    };

    for (const item of this.list(root, "item")) {
      if (!isCstNode(item)) {
        if (this.isStray(item)) {
          this.stray("top", item);
          seenAnything = true;
        } else {
          this.endStrays();
          for (const statement of this.tokenStatements(item)) addStatement(statement);
        }
        continue;
      }
      this.endStrays();
      const wasFirst = !seenAnything;
      seenAnything = true;
      if (!DECLARATIONS.has(item.name)) {
        const statement = this.statement(item);
        if (statement !== null) addStatement(statement);
        continue;
      }
      inLateRun = false;
      if (item.name === "flowHeader") {
        const h = this.flowHeader(item);
        if (header !== null) {
          this.error("a file holds one flow: remove this second `flow` line", h.span);
        } else {
          if (!wasFirst) {
            this.error("the `flow` line must come first in the file, before everything else", h.span);
          }
          header = h;
        }
      } else if (item.name === "inputDecl") {
        const decl = this.inputDecl(item);
        if (seenContent) {
          this.error(
            "an `input` is declared before the first statement and the first node: move this line up",
            decl.span,
          );
        }
        inputs.push(decl);
      } else {
        seenContent = true;
        nodes.push(this.nodeDecl(item));
      }
    }
    this.endStrays();

    if (header === null) {
      this.error(
        'a flow file starts with `flow` and the flow\'s name, like `flow order_status "Статусы заказа"`',
        this.firstTokenSpan(root),
      );
    }

    return {
      file: {
        kind: "File",
        header,
        inputs,
        entry,
        nodes,
        comments: this.input.comments,
        span: { start: 0, end: this.src.length },
      },
      diagnostics: this.diagnostics,
    };
  }

  // ---- declarations ------------------------------------------------------------------

  private flowHeader(node: CstNodeLike): FlowHeader {
    const kw = this.keyword(node, "Flow");
    const id = this.declaredId(this.token(node, "Identifier"), tokenEnd(kw), "the flow");
    const titleToken = this.token(node, "Text");
    const title = isRealToken(titleToken) ? this.text(titleToken, id.span.end) : null;
    return { kind: "FlowHeader", id, title, span: join(tokenSpan(kw), id.span, title?.span) };
  }

  private inputDecl(node: CstNodeLike): InputDecl {
    const kw = this.keyword(node, "Input");
    const id = this.declaredId(this.token(node, "Identifier"), tokenEnd(kw), "an input");
    const labelToken = this.token(node, "Text");
    const label = isRealToken(labelToken) ? this.text(labelToken, id.span.end) : null;
    return { kind: "Input", id, label, span: join(tokenSpan(kw), id.span, label?.span) };
  }

  private nodeDecl(node: CstNodeLike): NodeDecl {
    const kw = this.keyword(node, "Node");
    const id = this.declaredId(this.token(node, "Identifier"), tokenEnd(kw), "a node");
    const body = this.body(node, "node");
    return {
      kind: "Node",
      id,
      body,
      span: join(tokenSpan(kw), id.span, this.realSpan(node, "LCurly"), this.realSpan(node, "RCurly"), lastSpan(body)),
    };
  }

  /** The statements of a block, in order, reporting its strays. */
  private body(node: CstNodeLike, context: Context): Statement[] {
    const out: Statement[] = [];
    for (const item of this.list(node, "statement")) {
      if (!isCstNode(item)) {
        if (this.isStray(item)) this.stray(context, item);
        else {
          this.endStrays();
          for (const s of this.tokenStatements(item)) out.push(s);
        }
        continue;
      }
      this.endStrays();
      const s = this.statement(item);
      if (s !== null) out.push(s);
    }
    this.endStrays();
    return out;
  }

  // ---- statements ------------------------------------------------------------------

  /** A token in a statement list that is not a stray: `end`, or a hole (a chunk's statements). */
  private tokenStatements(token: TokenLike): readonly Statement[] {
    if (token.tokenType.name === "Hole") return this.chunkBodies[holeChunk(token)] ?? NONE;
    return isRealToken(token) ? [{ kind: "End", span: tokenSpan(token) }] : NONE;
  }

  private statement(node: CstNodeLike): Statement | null {
    switch (node.name) {
      case "sayStatement":
      case "noteStatement":
      case "todoStatement": {
        const kind = node.name === "sayStatement" ? "Say" : node.name === "noteStatement" ? "Note" : "Todo";
        const kw = this.keyword(node, kind);
        const text = this.text(this.token(node, "Text"), tokenEnd(kw));
        return { kind, text, span: join(tokenSpan(kw), text.span) };
      }
      case "ticketStatement":
        return this.ticket(node);
      case "askStatement":
        return this.ask(node);
      case "gotoStatement":
        return this.goto(node);
      default:
        return null;
    }
  }

  private goto(node: CstNodeLike): Statement {
    const arrow = this.keyword(node, "Arrow");
    const targetToken = this.token(node, "Identifier");
    const span = join(tokenSpan(arrow), isRealToken(targetToken) ? tokenSpan(targetToken) : undefined);
    if (isRealToken(targetToken) && targetToken.image === "end") {
      this.reserved(
        targetToken,
        "`end` is a statement that finishes the flow; write `end` on its own line instead of `-> end`",
      );
      return { kind: "End", span };
    }
    const target = this.target(targetToken, tokenEnd(arrow));
    return { kind: "Goto", target, span };
  }

  private target(token: TokenLike | undefined, anchor: number): Target {
    if (!isRealToken(token)) {
      return { kind: "Target", name: "", isStart: false, span: { start: anchor, end: anchor }, missing: true };
    }
    const name = token.image;
    if (name !== "start" && isReserved(name)) {
      this.reserved(
        token,
        `\`${name}\` is a reserved word, not the name of a node (${KEYWORD_ROLES[name]}): write the name of a node, or \`start\`, after \`->\``,
      );
      return { kind: "Target", name: "", isStart: false, span: tokenSpan(token), missing: true };
    }
    if (startsWithDigit(name)) {
      this.error(`\`${name}\` cannot be the name of a node: a name starts with a letter or \`_\``, tokenSpan(token));
    }
    return { kind: "Target", name, isStart: name === "start", span: tokenSpan(token) };
  }

  private ticket(node: CstNodeLike): TicketStatement {
    const kw = this.keyword(node, "Ticket");
    const idToken = this.token(node, "Identifier");
    const id = isRealToken(idToken) ? this.declaredId(idToken, tokenEnd(kw), "a ticket") : null;
    const title = this.text(this.token(node, "Text"), id?.span.end ?? tokenEnd(kw));
    let props: TicketProp[] | null = null;
    if (this.token(node, "LCurly") !== undefined) {
      props = [];
      for (const item of this.list(node, "prop")) {
        if (!isCstNode(item)) {
          this.stray("ticket", item);
          continue;
        }
        this.endStrays();
        const prop = this.ticketProp(item);
        if (prop !== null) props.push(prop);
      }
      this.endStrays();
    }
    return {
      kind: "Ticket",
      id,
      title,
      props,
      span: join(tokenSpan(kw), title.span, this.realSpan(node, "RCurly"), props !== null ? lastSpan(props) : undefined),
    };
  }

  private ticketProp(node: CstNodeLike): TicketProp | null {
    if (node.name === "queueProp") {
      const kw = this.keyword(node, "Queue");
      const text = this.text(this.token(node, "Text"), tokenEnd(kw));
      return { kind: "Queue", text, span: join(tokenSpan(kw), text.span) };
    }
    if (node.name === "priorityProp") {
      const kw = this.keyword(node, "Priority");
      const value = this.token(node, "Identifier");
      if (!isRealToken(value)) return null; // the parser reported it
      if (!isPriority(value.image)) {
        this.error(
          `expected \`low\`, \`normal\`, \`high\` or \`urgent\` after \`priority\`, found ${describe(value)}`,
          tokenSpan(value),
        );
        return null;
      }
      return { kind: "Priority", value: value.image as Priority, span: join(tokenSpan(kw), tokenSpan(value)) };
    }
    if (node.name === "fieldProp") {
      const field = this.token(node, "Field");
      const kw = field ?? this.keyword(node, "Attach");
      const what = field !== undefined ? "a field" : "an attachment";
      const id = this.declaredId(this.token(node, "Identifier"), tokenEnd(kw), what);
      const label = this.text(this.token(node, "Text"), id.span.end);
      const required = this.token(node, "Required");
      const prop: FieldProp = {
        kind: field !== undefined ? "Field" : "Attach",
        id,
        label,
        required: isRealToken(required),
        span: join(tokenSpan(kw), id.span, label.span, isRealToken(required) ? tokenSpan(required) : undefined),
      };
      return prop;
    }
    return null;
  }

  private ask(node: CstNodeLike): AskStatement {
    const kw = this.keyword(node, "Ask");
    const idToken = this.token(node, "Identifier");
    const id = isRealToken(idToken) ? this.declaredId(idToken, tokenEnd(kw), "an ask") : null;
    const text = this.text(this.token(node, "Text"), id?.span.end ?? tokenEnd(kw));
    const options: OptionDecl[] = [];
    let strays = false;
    for (const item of this.list(node, "option")) {
      if (!isCstNode(item)) {
        this.stray("ask", item);
        strays = true;
        continue;
      }
      this.endStrays();
      options.push(this.option(item));
    }
    this.endStrays();
    const open = this.token(node, "LCurly");
    const close = this.token(node, "RCurly");
    const span = join(tokenSpan(kw), text.span, this.realSpan(node, "LCurly"), this.realSpan(node, "RCurly"), lastSpan(options));
    // With strays in the block, their diagnostic already says an option was expected.
    if (options.length === 0 && !strays && isRealToken(open) && isRealToken(close)) {
      this.error('an `ask` needs at least one `option` inside its `{ }`, like `option "..." -> node_name`', span);
    }
    return { kind: "Ask", id, text, options, span };
  }

  private option(node: CstNodeLike): OptionDecl {
    const kw = this.keyword(node, "Option");
    const idToken = this.token(node, "Identifier");
    const id = isRealToken(idToken) ? this.declaredId(idToken, tokenEnd(kw), "an option") : null;
    const label = this.text(this.token(node, "Text"), id?.span.end ?? tokenEnd(kw));
    let target: Target | null = null;
    let body: Statement[] | null = null;
    const arrow = this.token(node, "Arrow");
    let end = Math.max(tokenEnd(kw), label.span.end);
    if (isRealToken(arrow)) {
      const targetToken = this.token(node, "target");
      if (isRealToken(targetToken) && targetToken.image === "end") {
        this.reserved(
          targetToken,
          "`end` is a statement that finishes the flow; write `{ end }` after the option's text instead of `-> end`",
        );
        const span = join(tokenSpan(arrow), tokenSpan(targetToken));
        body = [{ kind: "End", span }];
        end = span.end;
      } else {
        target = this.target(targetToken, tokenEnd(arrow));
        end = Math.max(tokenEnd(arrow), target.span.end);
      }
    } else if (this.token(node, "LCurly") !== undefined) {
      body = this.body(node, "option");
      end = Math.max(
        end,
        this.realSpan(node, "LCurly")?.end ?? 0,
        this.realSpan(node, "RCurly")?.end ?? 0,
        lastSpan(body)?.end ?? 0,
      );
    }
    return { kind: "Option", id, label, target, body, span: { start: tokenStart(kw), end } };
  }

  // ---- names and texts ----------------------------------------------------------------

  /** A declared name: missing, reserved, or starting with a digit are reported here. */
  private declaredId(token: TokenLike | undefined, anchor: number, what: string): Identifier {
    if (!isRealToken(token)) {
      return { kind: "Identifier", name: "", span: { start: anchor, end: anchor }, missing: true };
    }
    const name = token.image;
    if (isReserved(name)) {
      this.reserved(
        token,
        `\`${name}\` is a reserved word and cannot name ${what} (${KEYWORD_ROLES[name]}): choose another name, like \`${name}_1\``,
      );
    } else if (startsWithDigit(name)) {
      this.error(`\`${name}\` cannot name ${what}: a name starts with a letter or \`_\``, tokenSpan(token));
    }
    return { kind: "Identifier", name, span: tokenSpan(token) };
  }

  private text(token: TokenLike | undefined, anchor: number): Text {
    if (!isRealToken(token)) return missingText(anchor);
    const { text, diagnostics } = decodeText(this.src, tokenStart(token), tokenEnd(token));
    for (const d of diagnostics) this.diagnostics.push(d);
    return text;
  }

  // ---- strays ---------------------------------------------------------------------------

  /**
   * In a statement list, a token is `end`, a hole (whose chunk's statements
   * go in its place), or a stray. (In an ask's or a ticket's list, every
   * token is a stray: `end` there came in as one.)
   */
  private isStray(token: TokenLike): boolean {
    const type = token.tokenType.name;
    return type !== "End" && type !== "Hole";
  }

  /**
   * Add a stray token to the current run; one diagnostic per run of adjacent
   * strays on one line, at the first. A hole in an ask's or ticket's list
   * stands for a chunk the parser read as strays there: its own errors come
   * from its parse, and its statements are dropped.
   */
  private stray(context: Context, token: TokenLike): void {
    if (!isRealToken(token) || token.tokenType.name === "Hole") return;
    if (this.strayStart !== null && !lineBreakBetween(this.src, this.strayEnd, token.startOffset)) {
      this.strayEnd = tokenEnd(token);
      return;
    }
    this.strayStart = token;
    this.strayEnd = tokenEnd(token);
    this.error(strayMessage(context, token), tokenSpan(token));
  }

  /** Something that is not a stray came: the next stray starts a new run. */
  private endStrays(): void {
    this.strayStart = null;
  }

  // ---- CST access ----------------------------------------------------------------------

  /** The ordered items under a label (see parser.ts). */
  private list(node: CstNodeLike | undefined, key: string): readonly CstElement[] {
    return node?.children[key] ?? NONE;
  }

  private token(node: CstNodeLike, key: string): TokenLike | undefined {
    const first = node.children[key]?.[0];
    return first === undefined || isCstNode(first) ? undefined : first;
  }

  /** The keyword a rule starts with: always there, since the parser chose the rule by it. */
  private keyword(node: CstNodeLike, key: string): TokenLike {
    return this.token(node, key) ?? { image: "", startOffset: 0, tokenType: { name: key }, isInsertedInRecovery: true };
  }

  private realSpan(node: CstNodeLike, key: string): Span | undefined {
    const t = this.token(node, key);
    return isRealToken(t) ? tokenSpan(t) : undefined;
  }

  /** The span of the first token in the file (where a missing `flow` line is reported). */
  private firstTokenSpan(root: CstNodeLike | undefined): Span {
    const first = this.list(root, "item")[0];
    if (first === undefined) return { start: 0, end: 0 };
    if (!isCstNode(first)) return isRealToken(first) ? tokenSpan(first) : { start: 0, end: 0 };
    return firstTokenIn(first) ?? { start: 0, end: 0 };
  }

  // ---- diagnostics ----------------------------------------------------------------------

  private error(message: string, span: Span): void {
    this.diagnostics.push(diagnostic("syntax", message, span));
  }

  private reserved(token: TokenLike, message: string): void {
    this.diagnostics.push(diagnostic("reserved-word", message, tokenSpan(token)));
  }
}

keepShape(new Builder({ text: "", chunks: [], comments: [] }));

/** The smallest span covering every given (present) span. */
function join(first: Span, ...rest: (Span | undefined)[]): Span {
  let start = first.start;
  let end = first.end;
  for (const s of rest) {
    if (s === undefined) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return { start, end };
}

/** The first real token under a CST node, by offset (walked without recursion). */
function firstTokenIn(node: CstNodeLike): Span | undefined {
  let best: Span | undefined;
  const stack: CstNodeLike[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const key in n.children) {
      for (const e of n.children[key] ?? NONE) {
        if (isCstNode(e)) stack.push(e);
        else if (isRealToken(e) && (best === undefined || e.startOffset < best.start)) best = tokenSpan(e);
      }
    }
  }
  return best;
}

function lastSpan(list: readonly { readonly span: Span }[] | null): Span | undefined {
  return list === null || list.length === 0 ? undefined : list[list.length - 1]!.span;
}
