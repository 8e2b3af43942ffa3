import type { KeywordWord } from "../syntax/keywords.js";
import type {
  AskStatement,
  Comment,
  FlowFile,
  Identifier,
  NodeDecl,
  OptionDecl,
  Priority,
  Statement,
  Target,
  Text,
  TicketProp,
  TicketStatement,
} from "../ast/types.js";
import { countBelow } from "../sorted.js";
import { reindentTriple } from "./triple.js";
import {
  type Blank,
  type Gap,
  type LineGap,
  NONE,
  SPACE,
  Writer,
} from "./writer.js";

/** The keyword of each statement that is a keyword and one text. */
const TEXT_STATEMENT_KEYWORD = {
  Say: "say",
  Note: "note",
  Todo: "todo",
} as const satisfies Record<string, KeywordWord>;

/**
 * The canonical layout: walks a syntax-error-free AST and hands its tokens,
 * in source order, to the Writer with the spacing wanted before each one.
 * Strings and ids are sliced from the source, so escapes and spelling stay
 * exactly as the author wrote them.
 *
 * The walk uses an explicit task stack instead of recursion: flows may nest
 * a thousand levels deep.
 */

/**
 * An option body of one short statement written on the option's line stays
 * there when the line fits in MAX_WIDTH columns.
 */
export const MAX_WIDTH = 100;

export interface LayoutOptions {
  /** Start offsets of `"""` texts to print exactly as written instead of re-indented. */
  readonly verbatimTexts?: ReadonlySet<number>;
}

type Task = () => void;

export function layoutFile(
  src: string,
  file: FlowFile,
  options: LayoutOptions = {},
): string {
  return new Layout(src, file.comments, options).run(file);
}

class Layout {
  private readonly w: Writer;
  private readonly commentEnds = new Map<number, number>();
  private readonly tasks: Task[] = [];
  /** The last token written was a `"""` text: nothing may follow it on its line. */
  private afterTriple = false;

  constructor(
    private readonly src: string,
    private readonly comments: readonly Comment[],
    private readonly options: LayoutOptions,
  ) {
    this.w = new Writer(src, comments);
    for (const c of comments) this.commentEnds.set(c.span.start, c.span.end);
  }

  run(file: FlowFile): string {
    const header = file.header;
    if (header === null)
      throw new Error("internal error: the formatter needs a `flow` header");
    this.keyword(header.span.start, "flow", line(0, "never"));
    this.ident(header.id, SPACE);
    if (header.title) this.text(header.title, 0, SPACE);

    file.inputs.forEach((input, i) => {
      this.keyword(
        input.span.start,
        "input",
        line(0, i === 0 ? "forced" : "author"),
      );
      this.ident(input.id, SPACE);
      if (input.label) this.text(input.label, 0, SPACE);
    });

    const schedule: Task[] = [];
    file.entry.forEach((s, i) => {
      schedule.push(() =>
        this.statement(s, 0, line(0, i === 0 ? "forced" : "author")),
      );
    });
    for (const node of file.nodes) schedule.push(() => this.node(node));
    this.push(schedule);
    this.drain();
    return this.w.finish();
  }

  // ---- scheduling ----

  /** Runs `list` in order before anything already scheduled. */
  private push(list: readonly Task[]): void {
    for (let i = list.length - 1; i >= 0; i--) this.tasks.push(list[i]!);
  }

  private drain(): void {
    while (this.tasks.length > 0) this.tasks.pop()!();
  }

  // ---- constructs ----

  private node(node: NodeDecl): void {
    this.keyword(node.span.start, "node", line(0, "forced"));
    this.ident(node.id, SPACE);
    this.block(this.next(node.id.span.end), node.body, 0, (s, gap) =>
      this.statement(s, 1, gap),
    );
  }

  private statement(s: Statement, depth: number, gap: Gap): void {
    switch (s.kind) {
      case "Say":
      case "Note":
      case "Todo":
        this.keyword(s.span.start, TEXT_STATEMENT_KEYWORD[s.kind], gap);
        this.text(s.text, depth, SPACE);
        return;
      case "End":
        this.keyword(s.span.start, "end", gap);
        return;
      case "Goto":
        this.keyword(s.span.start, "->", gap);
        this.target(s.target, SPACE);
        return;
      case "Ticket":
        this.ticket(s, depth, gap);
        return;
      case "Ask":
        this.ask(s, depth, gap);
        return;
    }
  }

  private ticket(s: TicketStatement, depth: number, gap: Gap): void {
    this.keyword(s.span.start, "ticket", gap);
    if (s.id) this.ident(s.id, SPACE);
    this.text(s.title, depth, SPACE);
    if (s.props === null) return;
    this.block(this.next(s.title.span.end), s.props, depth, (p, g) =>
      this.prop(p, depth + 1, g),
    );
  }

  private prop(p: TicketProp, depth: number, gap: Gap): void {
    switch (p.kind) {
      case "Queue":
        this.keyword(p.span.start, "queue", gap);
        this.text(p.text, depth, SPACE);
        return;
      case "Priority": {
        this.keyword(p.span.start, "priority", gap);
        const at = this.next(p.span.start + "priority".length);
        this.keyword(at, p.value, SPACE);
        return;
      }
      case "Field":
      case "Attach":
        this.keyword(
          p.span.start,
          p.kind === "Field" ? "field" : "attach",
          gap,
        );
        this.ident(p.id, SPACE);
        this.text(p.label, depth, SPACE);
        if (p.required)
          this.keyword(this.next(p.label.span.end), "required", SPACE);
        return;
    }
  }

  private ask(s: AskStatement, depth: number, gap: Gap): void {
    this.keyword(s.span.start, "ask", gap);
    if (s.id) this.ident(s.id, SPACE);
    this.text(s.text, depth, SPACE);
    this.block(this.next(s.text.span.end), s.options, depth, (o, g) =>
      this.option(o, depth + 1, g),
    );
  }

  private option(o: OptionDecl, depth: number, gap: Gap): void {
    this.keyword(o.span.start, "option", gap);
    if (o.id) this.ident(o.id, SPACE);
    this.text(o.label, depth, SPACE);
    if (o.target) {
      this.keyword(this.next(o.label.span.end), "->", SPACE);
      this.target(o.target, SPACE);
      return;
    }
    if (o.body === null) return;
    const open = this.next(o.label.span.end);
    const only = o.body.length === 1 ? o.body[0]! : null;
    if (only !== null && this.fitsOnOneLine(o, only, depth, open)) {
      this.keyword(open, "{", SPACE);
      this.statement(only, depth, SPACE);
      this.keyword(this.next(only.span.end), "}", SPACE);
      return;
    }
    this.block(open, o.body, depth, (st, g) =>
      this.statement(st, depth + 1, g),
    );
  }

  /**
   * `{ items }` at nesting `depth` (the level of the line holding `{`): one item
   * per line, `{}` when empty, comments inside keep the block open.
   */
  private block<T extends { readonly span: { readonly end: number } }>(
    open: number,
    items: readonly T[],
    depth: number,
    print: (item: T, gap: Gap) => void,
  ): void {
    this.keyword(open, "{", SPACE);
    const lastEnd =
      items.length > 0 ? items[items.length - 1]!.span.end : open + 1;
    const close = this.next(lastEnd);
    if (items.length === 0 && !this.hasComments(open + 1, close)) {
      this.keyword(close, "}", NONE);
      return;
    }
    const closer: LineGap = {
      kind: "line",
      indent: depth,
      commentIndent: depth + 1,
      lead: items.length === 0 ? "never" : "author",
      tokenLead: "never",
      close: "never",
      inlinePrefix: false,
    };
    const list: Task[] = items.map(
      (item, i) => () =>
        print(item, line(depth + 1, i === 0 ? "never" : "author")),
    );
    list.push(() => this.keyword(close, "}", closer));
    this.push(list);
  }

  private fitsOnOneLine(
    o: OptionDecl,
    only: Statement,
    depth: number,
    open: number,
  ): boolean {
    let body: string;
    switch (only.kind) {
      case "Say":
      case "Note":
      case "Todo":
        if (only.text.triple) return false;
        body = `${only.kind.toLowerCase()} ${this.slice(only.text.span)}`;
        break;
      case "Goto":
        body = `-> ${this.slice(only.target.span)}`;
        break;
      case "End":
        body = "end";
        break;
      case "Ticket":
        if (only.props !== null || only.title.triple) return false;
        body = `ticket${only.id ? " " + this.slice(only.id.span) : ""} ${this.slice(only.title.span)}`;
        break;
      case "Ask":
      case "Match":
        return false;
    }
    if (o.label.triple) return false;
    // Like prettier's objects: a body the author opened on a new line stays spread out.
    if (/[\r\n]/.test(this.src.slice(open + 1, only.span.start))) return false;
    const close = this.next(only.span.end);
    if (this.hasComments(open, close)) return false;
    const head = `option${o.id ? " " + this.slice(o.id.span) : ""} ${this.slice(o.label.span)}`;
    return codePoints(`${"  ".repeat(depth)}${head} { ${body} }`) <= MAX_WIDTH;
  }

  // ---- tokens ----

  /** A keyword from the one keyword table, a priority word, or punctuation, as the source has it. */
  private keyword(
    at: number,
    word: KeywordWord | Priority | "->" | "{" | "}",
    gap: Gap,
  ): void {
    if (!this.src.startsWith(word, at)) {
      throw new Error(
        `internal error: the formatter expected \`${word}\` at offset ${at}`,
      );
    }
    this.emit(at, at + word.length, word, gap);
  }

  private ident(id: Identifier, gap: Gap): void {
    this.emit(id.span.start, id.span.end, this.slice(id.span), gap);
  }

  private target(t: Target, gap: Gap): void {
    this.emit(t.span.start, t.span.end, this.slice(t.span), gap);
  }

  private text(t: Text, depth: number, gap: Gap): void {
    const raw = this.slice(t.span);
    const printed =
      t.triple && !this.options.verbatimTexts?.has(t.span.start)
        ? reindentTriple(raw, depth)
        : raw;
    this.emit(t.span.start, t.span.end, printed, gap);
    this.afterTriple = t.triple;
  }

  private emit(start: number, end: number, text: string, gap: Gap): void {
    // After a closing `"""` the line must end: whatever followed goes on the next line.
    const g: Gap =
      this.afterTriple && gap.kind !== "line"
        ? line(this.depthOfLine(), "never")
        : gap;
    this.afterTriple = false;
    this.w.token(start, end, text, g);
  }

  private depthOfLine(): number {
    return this.w.currentIndent();
  }

  // ---- source helpers ----

  private slice(span: {
    readonly start: number;
    readonly end: number;
  }): string {
    return this.src.slice(span.start, span.end);
  }

  /** The offset of the next character that is neither whitespace nor inside a comment. */
  private next(offset: number): number {
    let i = offset;
    for (;;) {
      while (i < this.src.length && isSpace(this.src.charCodeAt(i))) i++;
      const end = this.commentEnds.get(i);
      if (end === undefined) return i;
      i = end;
    }
  }

  private hasComments(from: number, to: number): boolean {
    // Comments are sorted: the first starting at or after `from`.
    const comments = this.comments;
    const first = countBelow(
      comments.length,
      (i) => comments[i]!.span.start,
      from,
    );
    return first < comments.length && comments[first]!.span.start < to;
  }
}

function line(indent: number, lead: Blank): LineGap {
  return { kind: "line", indent, lead, close: "author" };
}

/** The lexer's whitespace (syntax/tokens.ts). */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
