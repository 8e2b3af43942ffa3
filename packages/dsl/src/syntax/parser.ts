/**
 * Tokens → AST: the grammar of LANGUAGE.md as one chevrotain
 * EmbeddedActionsParser. Each rule builds its AST node where it reads it
 * (the builder's helpers in build.ts do the reporting). One instance per
 * process, built on first use and reused by setting `input`; the arrays of
 * alternatives given to `OR` are made once and cached.
 *
 * Recovery is part of the grammar, not chevrotain's: the grammar accepts
 * every sequence of tokens, so chevrotain's own recovery is off and never
 * needed. It works the way TypeScript's parser tracks list contexts:
 * - Every part of a statement after its keyword is optional; a missing part
 *   is reported once (the first one missing) and synthesised.
 * - Each block (the file, a node, an option's block, an ask's options, a
 *   ticket's block) reads lines. A line that starts with a token that cannot
 *   start anything in that block (a `Stray*` category, see tokens.ts) is one
 *   broken line: one error, and the rest of that line is skipped, with the
 *   whole block it opens when it ends with `{`.
 * - A block ends at `}`, or where its `}` must be missing: at `node` (nodes
 *   do not nest), at `option` in an option's or a ticket's block, at the end
 *   of the file. That error names the block and the line it opened on.
 * - The file is a flat list of items in any order; items out of order are
 *   reported where they are.
 *
 * Chevrotain runs each rule once while it records the grammar: code with
 * effects is wrapped in ACTION (skipped then), and `LA` is read freely (it
 * returns the end of the file then).
 *
 * Nesting recurses once per level (an option's block holding an ask); the
 * levels are bounded before parsing (depth.ts) and by a guard here.
 */
import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken, tokenMatcher, type TokenType } from "chevrotain";
import type {
  AskStatement,
  CaseDecl,
  ElseDecl,
  EndStatement,
  FieldProp,
  FlowFile,
  FlowHeader,
  InputDecl,
  MatchStatement,
  NodeDecl,
  OptionDecl,
  Statement,
  Target,
  TicketProp,
  TicketStatement,
  ValueDecl,
} from "../ast/types.js";
import type { Comment } from "../ast/types.js";
import type { Span } from "../diagnostics.js";
import { AstBuilder, join, spanOf } from "./build.js";
import { isPriority } from "./chars.js";
import { MAX_LEVELS } from "./depth.js";
import type { BlockKind } from "./messages.js";
import { describeToken } from "./messages.js";
import { lineBreakBetween, tokenEnd, tokenSpan, tokenStart } from "./spans.js";
import {
  ALL_TOKENS,
  AnyToken,
  Arrow,
  Ask,
  Attach,
  Case,
  Comma,
  Else,
  End,
  Field,
  Flow,
  Identifier,
  Input,
  LCurly,
  Match,
  NameLike,
  Node,
  Note,
  Option,
  Priority,
  Queue,
  RCurly,
  Required,
  Say,
  StrayAsk,
  StrayCase,
  StrayInput,
  StrayMatch,
  StrayNode,
  StrayOption,
  StrayTicket,
  StrayTop,
  Text,
  Ticket,
  Todo,
  Value,
} from "./tokens.js";

/** What follows an option's text or a case's values, as read (see branchTail). */
interface BranchTail {
  readonly arrow: IToken | undefined;
  readonly targetName: IToken | undefined;
  readonly open: IToken | undefined;
  readonly body: Statement[] | null;
  readonly close: IToken | undefined;
}

/**
 * branchTail's occurrence numbers: chevrotain numbers each OPTION, MANY, OR
 * and CONSUME within a rule, and no rule numbers its own this high.
 */
const TAIL = 10;

/** An item of the file, in the order written (see FileItems). */
type Item =
  | { readonly kind: "header"; readonly header: FlowHeader }
  | { readonly kind: "input"; readonly input: InputDecl }
  | { readonly kind: "node"; readonly node: NodeDecl }
  | { readonly kind: "statement"; readonly statement: Statement }
  | null;

class FlowParser extends EmbeddedActionsParser {
  /** The state of the parse under way. */
  private b: AstBuilder = new AstBuilder("", () => 1);
  /** How many option blocks the parser is inside. */
  private depth = 0;
  /** Where a missing `flow` line is reported: the first token. */
  private firstTokenSpan: Span = { start: 0, end: 0 };

  private topAlternatives?: IOrAlt<Item>[];
  private nodeAlternatives?: IOrAlt<Statement | null>[];
  private askAlternatives?: IOrAlt<OptionDecl | null>[];
  private ticketAlternatives?: IOrAlt<TicketProp | null>[];
  private fieldKeywords?: IOrAlt<IToken>[];
  private inputAlternatives?: IOrAlt<ValueDecl | null>[];
  private matchAlternatives?: IOrAlt<CaseDecl | ElseDecl | null>[];
  private branchKeywords?: IOrAlt<IToken>[];
  /** The statements of an option's block and of a case's block (branchTail). */
  private readonly blockAlternatives: { option?: IOrAlt<Statement | null>[]; case?: IOrAlt<Statement | null>[] } = {};

  constructor() {
    super([...ALL_TOKENS], {
      // The grammar accepts every token sequence (see the header).
      recoveryEnabled: false,
      maxLookahead: 2,
      skipValidations: true,
    });
    this.performSelfAnalysis();
  }

  run(tokens: IToken[], builder: AstBuilder, comments: readonly Comment[]): FlowFile | undefined {
    this.b = builder;
    this.depth = 0;
    this.firstTokenSpan = tokens.length > 0 ? tokenSpan(tokens[0]!) : { start: 0, end: 0 };
    this.input = tokens;
    const file = this.file(comments);
    const internal = this.errors[0];
    // Drop references to the input so a huge file is not kept alive between runs.
    this.input = [];
    this.b = new AstBuilder("", () => 1);
    if (internal !== undefined) {
      throw new Error(`internal error in the flow parser (please report it): ${internal.message}`);
    }
    return file;
  }

  // ---- helpers -----------------------------------------------------------------

  /** Is the next token on the line of the last one read? */
  private onSameLine(): boolean {
    const next = this.LA(1);
    return next.tokenType !== EOF && !lineBreakBetween(this.b.src, tokenEnd(this.LA(0)), next.startOffset);
  }

  /**
   * Is the next token a name here? A name is; a keyword is taken as a
   * (reserved) name only on the same line (`node end {`): on the next line
   * it most likely starts the next statement.
   */
  private nameHere(): boolean {
    return this.LA(1).tokenType === Identifier || this.onSameLine();
  }

  /**
   * Does the block opened by `opener` (an ask's options, a ticket's block)
   * end here because its `}` is missing? Only statements go after it, and a
   * statement on a new line, indented no deeper than the line that opened the
   * block, belongs after it: the author forgot the `}`. (Deeper, it is a
   * statement put inside the block by mistake, reported as such.)
   */
  private endsByLayout(opener: IToken): boolean {
    const next = this.LA(1);
    if (!STATEMENT_STARTS.has(next.tokenType) || this.onSameLine()) return false;
    return columnOf(this.b.src, next.startOffset) <= columnOf(this.b.src, opener.startOffset);
  }

  /** A name before a text (`ask id "..."`): a keyword counts only on the same line and when a text follows. */
  private nameBeforeText(): boolean {
    if (this.LA(1).tokenType === Identifier) return true;
    return this.onSameLine() && tokenMatcher(this.LA(2), Text);
  }

  // ---- the file ------------------------------------------------------------------

  private readonly file = this.RULE("file", (comments: readonly Comment[]): FlowFile => {
    const items = this.ACTION(() => new FileItems(this.b));
    this.MANY(() => {
      const item = this.OR(
        (this.topAlternatives ??= [
          {
            ALT: () => ({
              kind: "header",
              header: this.SUBRULE(this.flowHeader),
            }),
          },
          {
            ALT: () => ({
              kind: "input",
              input: this.SUBRULE(this.inputDecl),
            }),
          },
          {
            ALT: () => ({ kind: "node", node: this.SUBRULE(this.nodeDecl) }),
          },
          ...this.statementAlternatives<Item>((statement) =>
            statement === null ? null : { kind: "statement", statement },
          ),
          { ALT: () => this.brokenLine(this.CONSUME(StrayTop), "top") },
        ]),
      );
      this.ACTION(() => items.add(item));
    });
    return this.ACTION(() => items.finish(comments, this.firstTokenSpan));
  });

  private readonly flowHeader = this.RULE("flowHeader", (): FlowHeader => {
    const kw = this.CONSUME(Flow);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const title = this.OPTION2(() => this.CONSUME(Text));
    return this.ACTION(() => {
      if (name === undefined) this.b.expected("the flow's name", kw, afterName);
      const id = this.b.declaredId(name, tokenEnd(kw), "the flow");
      const text = title === undefined ? null : this.b.text(title, id.span.end);
      return {
        kind: "FlowHeader",
        id,
        title: text,
        span: join(tokenSpan(kw), id.span, text?.span),
      };
    });
  });

  private readonly inputDecl = this.RULE("inputDecl", (): InputDecl => {
    const kw = this.CONSUME(Input);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const labelToken = this.OPTION2(() => this.CONSUME(Text));
    const afterLabel = this.LA(1);
    const open = this.OPTION3(() => this.CONSUME(LCurly));
    // Without its `{`, an input still takes the values that follow it.
    const listed = open !== undefined || this.LA(1).tokenType === Value;
    const values: ValueDecl[] = [];
    this.MANY({
      GATE: () => listed && !this.endsByLayout(kw),
      DEF: () => {
        const value = this.OR(
          (this.inputAlternatives ??= [
            { ALT: () => this.SUBRULE(this.valueDecl) },
            { ALT: () => this.brokenLine(this.CONSUME(StrayInput), "input") },
          ]),
        );
        this.ACTION(() => value !== null && values.push(value));
      },
    });
    const close = this.OPTION4({
      GATE: () => listed,
      DEF: () => this.CONSUME(RCurly),
    });
    return this.ACTION(() => {
      const id = this.b.declaredId(name, tokenEnd(kw), "an input");
      const label = labelToken === undefined ? null : this.b.text(labelToken, id.span.end);
      const span = join(tokenSpan(kw), id.span, label?.span, spanOf(open), spanOf(close), lastSpan(values));
      if (name === undefined) {
        this.b.expected("the input's name", kw, afterName);
      } else if (listed && open === undefined) {
        this.b.expected("`{`", labelToken ?? name, afterLabel, "a choice input lists its values between `{` and `}`");
      } else if (listed && close === undefined) {
        this.b.unclosed(`the values of the input \`${id.name}\``, open!, this.LA(0), this.LA(1));
      } else if (listed && values.length === 0 && !this.b.skippedWithin(span)) {
        this.b.error(
          "a choice input needs at least one `value` inside its `{ }`",
          span,
          'like `value person "Физ.лицо"`, or remove the `{ }` for an input of free text',
        );
      }
      return { kind: "Input", id, label, values: listed ? values : null, span };
    });
  });

  private readonly valueDecl = this.RULE("valueDecl", (): ValueDecl => {
    const kw = this.CONSUME(Value);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const labelToken = this.OPTION2(() => this.CONSUME(Text));
    return this.ACTION(() => {
      if (name === undefined) this.b.expected("the value's name", kw, afterName);
      const id = this.b.declaredId(name, tokenEnd(kw), "a value");
      const label = labelToken === undefined ? null : this.b.text(labelToken, id.span.end);
      return { kind: "Value", id, label, span: join(tokenSpan(kw), id.span, label?.span) };
    });
  });

  private readonly nodeDecl = this.RULE("nodeDecl", (): NodeDecl => {
    const kw = this.CONSUME(Node);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const open = this.OPTION2(() => this.CONSUME(LCurly));
    const id = this.ACTION(() => {
      if (name === undefined) this.b.expected("the node's name", kw, afterName);
      else if (open === undefined) this.b.expected("`{`", name, afterName);
      return this.b.declaredId(name, tokenEnd(kw), "a node");
    });
    const body = this.SUBRULE(this.nodeBody);
    const close = this.OPTION3(() => this.CONSUME(RCurly));
    return this.ACTION(() => {
      if (close === undefined && open !== undefined) {
        this.b.unclosed(`the node \`${id.name}\``, open, this.LA(0), this.LA(1));
      }
      return {
        kind: "Node",
        id,
        body,
        span: join(tokenSpan(kw), id.span, spanOf(open), spanOf(close), lastSpan(body)),
      };
    });
  });

  private readonly nodeBody = this.RULE("nodeBody", (): Statement[] => {
    const body: Statement[] = [];
    this.MANY(() => {
      const statement = this.OR(
        (this.nodeAlternatives ??= [
          ...this.statementAlternatives<Statement | null>((s) => s),
          { ALT: () => this.brokenLine(this.CONSUME(StrayNode), "node") },
        ]),
      );
      this.ACTION(() => statement !== null && body.push(statement));
    });
    return body;
  });

  // ---- statements ----------------------------------------------------------------

  /** The alternatives of a statement, each mapped into a block's item. */
  private statementAlternatives<T>(wrap: (statement: Statement | null) => T): IOrAlt<T>[] {
    return [
      { ALT: () => wrap(this.SUBRULE(this.sayStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.noteStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.todoStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.ticketStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.askStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.gotoStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.endStatement)) },
      { ALT: () => wrap(this.SUBRULE(this.matchStatement)) },
    ];
  }

  private readonly sayStatement = this.RULE("sayStatement", (): Statement => {
    const kw = this.CONSUME(Say);
    const text = this.OPTION(() => this.CONSUME(Text));
    return this.ACTION(() => this.textStatement("Say", kw, text));
  });

  private readonly noteStatement = this.RULE("noteStatement", (): Statement => {
    const kw = this.CONSUME(Note);
    const text = this.OPTION(() => this.CONSUME(Text));
    return this.ACTION(() => this.textStatement("Note", kw, text));
  });

  private readonly todoStatement = this.RULE("todoStatement", (): Statement => {
    const kw = this.CONSUME(Todo);
    const text = this.OPTION(() => this.CONSUME(Text));
    return this.ACTION(() => this.textStatement("Todo", kw, text));
  });

  private textStatement(kind: "Say" | "Note" | "Todo", kw: IToken, token: IToken | undefined): Statement {
    if (token === undefined) this.b.expected("a quoted text", kw, this.LA(1));
    const text = this.b.text(token, tokenEnd(kw));
    return { kind, text, span: join(tokenSpan(kw), text.span) };
  }

  private readonly endStatement = this.RULE("endStatement", (): EndStatement => {
    const kw = this.CONSUME(End);
    return { kind: "End", span: tokenSpan(kw) };
  });

  private readonly gotoStatement = this.RULE("gotoStatement", (): Statement => {
    const arrow = this.CONSUME(Arrow);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    return this.ACTION(() => {
      const span = join(tokenSpan(arrow), spanOf(name));
      if (name?.image === "end") {
        this.b.reserved(
          name,
          "`end` is a statement that finishes the flow, not the name of a node",
          "write `end` on its own line instead of `-> end`",
        );
        return { kind: "End", span };
      }
      return {
        kind: "Goto",
        target: this.b.target(name, arrow, this.LA(1)),
        span,
      };
    });
  });

  private readonly ticketStatement = this.RULE("ticketStatement", (): TicketStatement => {
    const kw = this.CONSUME(Ticket);
    const name = this.OPTION({
      GATE: () => this.nameBeforeText(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const titleToken = this.OPTION2(() => this.CONSUME(Text));
    let props: TicketProp[] | null = null;
    let open: IToken | undefined;
    let close: IToken | undefined;
    this.OPTION3(() => {
      open = this.CONSUME(LCurly);
      props = this.SUBRULE(this.ticketBody, { ARGS: [kw] });
      close = this.OPTION4(() => this.CONSUME(RCurly));
    });
    return this.ACTION(() => {
      const id = name === undefined ? null : this.b.declaredId(name, tokenEnd(kw), "a ticket");
      if (titleToken === undefined) this.b.expected("the ticket's title, a quoted text", name ?? kw, afterName);
      const title = this.b.text(titleToken, id?.span.end ?? tokenEnd(kw));
      if (open !== undefined && close === undefined)
        this.b.unclosed("the ticket's block", open, this.LA(0), this.LA(1));
      return {
        kind: "Ticket",
        id,
        title,
        props,
        span: join(tokenSpan(kw), title.span, spanOf(close), props !== null ? lastSpan(props) : undefined),
      };
    });
  });

  private readonly ticketBody = this.RULE("ticketBody", (ticket: IToken): TicketProp[] => {
    const props: TicketProp[] = [];
    this.MANY({
      GATE: () => !this.endsByLayout(ticket),
      DEF: () => {
        const prop = this.OR(
          (this.ticketAlternatives ??= [
            { ALT: () => this.SUBRULE(this.queueProp) },
            { ALT: () => this.SUBRULE(this.priorityProp) },
            { ALT: () => this.SUBRULE(this.fieldProp) },
            {
              ALT: () => this.brokenLine(this.CONSUME(StrayTicket), "ticket"),
            },
          ]),
        );
        this.ACTION(() => prop !== null && props.push(prop));
      },
    });
    return props;
  });

  private readonly queueProp = this.RULE("queueProp", (): TicketProp => {
    const kw = this.CONSUME(Queue);
    const token = this.OPTION(() => this.CONSUME(Text));
    return this.ACTION(() => {
      if (token === undefined) this.b.expected("the queue's name, a quoted text", kw, this.LA(1));
      const text = this.b.text(token, tokenEnd(kw));
      return { kind: "Queue", text, span: join(tokenSpan(kw), text.span) };
    });
  });

  private readonly priorityProp = this.RULE("priorityProp", (): TicketProp | null => {
    const kw = this.CONSUME(Priority);
    const value = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    return this.ACTION(() => {
      if (value === undefined || !isPriority(value.image)) {
        const found = value ?? this.LA(1);
        this.b.error(
          `expected \`low\`, \`normal\`, \`high\` or \`urgent\` after \`priority\`, found ${describeToken(found)}`,
          value !== undefined ? tokenSpan(value) : this.b.missingSpan(kw, found),
        );
        return null;
      }
      return {
        kind: "Priority",
        value: value.image,
        span: join(tokenSpan(kw), tokenSpan(value)),
      };
    });
  });

  private readonly fieldProp = this.RULE("fieldProp", (): FieldProp => {
    const kw = this.OR(
      (this.fieldKeywords ??= [{ ALT: () => this.CONSUME(Field) }, { ALT: () => this.CONSUME(Attach) }]),
    );
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const labelToken = this.OPTION2(() => this.CONSUME(Text));
    const required = this.OPTION3(() => this.CONSUME(Required));
    return this.ACTION(() => {
      const field = kw.tokenType === Field;
      const what = field ? "a field" : "an attachment";
      if (name === undefined) this.b.expected(`the ${field ? "field" : "attachment"}'s id`, kw, afterName);
      const id = this.b.declaredId(name, tokenEnd(kw), what);
      if (name !== undefined && labelToken === undefined) {
        this.b.expected(`the ${field ? "field" : "attachment"}'s label, a quoted text`, name, afterName);
      }
      const label = this.b.text(labelToken, id.span.end);
      return {
        kind: field ? "Field" : "Attach",
        id,
        label,
        required: required !== undefined,
        span: join(tokenSpan(kw), id.span, label.span, spanOf(required)),
      };
    });
  });

  private readonly askStatement = this.RULE("askStatement", (): AskStatement => {
    const kw = this.CONSUME(Ask);
    const name = this.OPTION({
      GATE: () => this.nameBeforeText(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const textToken = this.OPTION2(() => this.CONSUME(Text));
    const afterText = this.LA(1);
    const open = this.OPTION3(() => this.CONSUME(LCurly));
    // Without its `{`, an ask still takes the options that follow it.
    const listed = open !== undefined || this.LA(1).tokenType === Option;
    // The options are read here rather than in a rule of their own: one rule
    // fewer per level of nesting keeps 200 levels well inside the call stack.
    const options: OptionDecl[] = [];
    this.MANY({
      GATE: () => listed && !this.endsByLayout(kw),
      DEF: () => {
        const option = this.OR(
          (this.askAlternatives ??= [
            { ALT: () => this.SUBRULE(this.optionDecl) },
            { ALT: () => this.brokenLine(this.CONSUME(StrayAsk), "ask") },
          ]),
        );
        this.ACTION(() => option !== null && options.push(option));
      },
    });
    const close = this.OPTION5({
      GATE: () => listed,
      DEF: () => this.CONSUME(RCurly),
    });
    return this.ACTION(() => {
      const id = name === undefined ? null : this.b.declaredId(name, tokenEnd(kw), "an ask");
      const text = this.b.text(textToken, id?.span.end ?? tokenEnd(kw));
      const span = join(tokenSpan(kw), text.span, spanOf(open), spanOf(close), lastSpan(options));
      if (textToken === undefined) {
        this.b.expected("the question, a quoted text", name ?? kw, afterName);
      } else if (open === undefined) {
        this.b.expected("`{`", textToken, afterText, "an ask lists its options between `{` and `}`");
      } else if (close === undefined) {
        this.b.unclosed(`the options of the ask on line ${this.b.lineOfToken(kw)}`, open, this.LA(0), this.LA(1));
      } else if (options.length === 0 && !this.b.skippedWithin(span)) {
        this.b.error("an `ask` needs at least one `option` inside its `{ }`", span, 'like `option "..." -> node_name`');
      }
      return { kind: "Ask", id, text, options, span };
    });
  });

  private readonly optionDecl = this.RULE("optionDecl", (): OptionDecl => {
    const kw = this.CONSUME(Option);
    const name = this.OPTION({
      GATE: () => this.nameBeforeText(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const labelToken = this.OPTION2(() => this.CONSUME(Text));
    const tail = this.branchTail("option", StrayOption);
    return this.ACTION(() => {
      const id = name === undefined ? null : this.b.declaredId(name, tokenEnd(kw), "an option");
      if (labelToken === undefined) this.b.expected("the option's text, a quoted text", name ?? kw, afterName);
      const label = this.b.text(labelToken, id?.span.end ?? tokenEnd(kw));
      const what = id !== null ? `option \`${id.name}\`` : "this option";
      const { target, body, spans } = this.branchLeadsTo(tail, "the option's text", `the block of ${what}`);
      return { kind: "Option", id, label, target, body, span: join(tokenSpan(kw), label.span, ...spans) };
    });
  });

  private readonly matchStatement = this.RULE("matchStatement", (): MatchStatement => {
    const kw = this.CONSUME(Match);
    const name = this.OPTION({
      GATE: () => this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    const afterName = this.LA(1);
    const open = this.OPTION2(() => this.CONSUME(LCurly));
    // Without its `{`, a match still takes the cases that follow it.
    const listed = open !== undefined || this.LA(1).tokenType === Case || this.LA(1).tokenType === Else;
    const cases: CaseDecl[] = [];
    let elseBranch: ElseDecl | null = null;
    this.MANY({
      GATE: () => listed && !this.endsByLayout(kw),
      DEF: () => {
        const branch = this.OR(
          (this.matchAlternatives ??= [
            { ALT: () => this.SUBRULE(this.branchDecl) },
            { ALT: () => this.brokenLine(this.CONSUME(StrayMatch), "match") },
          ]),
        );
        this.ACTION(() => {
          if (branch === null) return;
          if (branch.kind === "Case") {
            if (elseBranch !== null) {
              this.b.error(
                "a `case` after the `else`: the `else` is the last branch of a `match`",
                branch.span,
                "move this `case` above the `else`",
              );
            }
            cases.push(branch);
          } else if (elseBranch !== null) {
            this.b.error("a `match` has at most one `else`", branch.span, "remove this `else`, or merge the two");
          } else {
            elseBranch = branch;
          }
        });
      },
    });
    const close = this.OPTION3({
      GATE: () => listed,
      DEF: () => this.CONSUME(RCurly),
    });
    return this.ACTION(() => {
      const input = this.b.declaredId(name, tokenEnd(kw), "an input");
      const last = elseBranch ?? cases[cases.length - 1];
      const span = join(tokenSpan(kw), input.span, spanOf(open), spanOf(close), last?.span);
      if (name === undefined) {
        this.b.expected("the name of the input to match on", kw, afterName);
      } else if (open === undefined) {
        this.b.expected("`{`", name, afterName, "a match lists its cases between `{` and `}`");
      } else if (close === undefined) {
        this.b.unclosed(`the cases of the match on \`${input.name}\``, open, this.LA(0), this.LA(1));
      } else if (cases.length === 0 && !this.b.skippedWithin(span)) {
        this.b.error(
          "a `match` needs at least one `case` inside its `{ }`",
          span,
          "like `case person -> node_name`, one for each value of the input",
        );
      }
      return { kind: "Match", input, cases, else: elseBranch, span };
    });
  });

  /** A `case a, b` or an `else`, then `-> target` or a block (read here, as in optionDecl). */
  private readonly branchDecl = this.RULE("branchDecl", (): CaseDecl | ElseDecl => {
    const kw = this.OR(
      (this.branchKeywords ??= [{ ALT: () => this.CONSUME(Case) }, { ALT: () => this.CONSUME(Else) }]),
    );
    const afterKeyword = this.LA(1);
    const names: IToken[] = [];
    /** A `,` with no value after it (reported once). */
    let danglingComma: IToken | undefined;
    let afterComma: IToken | undefined;
    const first = this.OPTION({
      GATE: () => kw.tokenType === Case && this.nameHere(),
      DEF: () => this.CONSUME(NameLike),
    });
    this.ACTION(() => first !== undefined && names.push(first));
    this.MANY({
      GATE: () => kw.tokenType === Case && this.LA(1).tokenType === Comma,
      DEF: () => {
        const comma = this.CONSUME(Comma);
        const next = this.OPTION2({
          GATE: () => this.nameHere(),
          DEF: () => this.CONSUME2(NameLike),
        });
        this.ACTION(() => {
          if (next !== undefined) names.push(next);
          else if (danglingComma === undefined) {
            danglingComma = comma;
            afterComma = this.LA(1);
          }
        });
      },
    });
    const afterValues = this.LA(1);
    const tail = this.branchTail("case", StrayCase);
    return this.ACTION(() => {
      const isCase = kw.tokenType === Case;
      const values = names.map((t) => this.b.declaredId(t, tokenStart(t), "a value"));
      const lastWord = names[names.length - 1] ?? kw;
      if (isCase && names.length === 0) {
        this.b.expected("the value this case is for", kw, afterKeyword, "like `case person -> node_name`");
      } else if (danglingComma !== undefined) {
        this.b.expected("a value", danglingComma, afterComma!, "a `,` goes between two values, like `case a, b`");
      } else if (tail.arrow === undefined && tail.open === undefined) {
        this.b.expected(
          "`->` and a node, or a `{ }` block",
          lastWord,
          afterValues,
          isCase ? "like `case person -> node_name` or `case person { say \"...\" }`" : "like `else -> node_name`",
        );
      }
      const { target, body, spans } = this.branchLeadsTo(
        tail,
        isCase ? "the case's values" : "the `else`",
        `the block of ${isCase ? `the case \`${names.map((t) => t.image).join(", ")}\`` : "the `else`"}`,
      );
      const span = join(tokenSpan(kw), ...values.map((v) => v.span), ...spans);
      return isCase
        ? { kind: "Case", values, target, body, span }
        : { kind: "Else", target, body, span };
    });
  });

  /**
   * What an option or a case leads to, as written: `-> target`, or a `{ }`
   * block of statements. A method, not a rule, so that each level of nesting
   * costs one rule fewer (as in askStatement); its parts are read inside the
   * calling rule, under occurrence numbers of their own (TAIL) that neither
   * caller uses.
   */
  private branchTail(block: "option" | "case", stray: TokenType): BranchTail {
    const arrow = this.option(TAIL, () => this.consume(TAIL, Arrow));
    const targetName = this.option(TAIL + 1, {
      GATE: () => arrow !== undefined && this.nameHere(),
      DEF: () => this.consume(TAIL, NameLike),
    });
    // Deeper than the limit only where depth.ts counted no block: then `{` is a stray.
    const open = this.option(TAIL + 2, {
      GATE: () => arrow === undefined && this.depth <= MAX_LEVELS,
      DEF: () => this.consume(TAIL, LCurly),
    });
    const body: Statement[] | null = open === undefined ? null : [];
    this.ACTION(() => this.depth++);
    this.many(TAIL, {
      GATE: () => open !== undefined,
      DEF: () => {
        const statement = this.or(
          TAIL,
          (this.blockAlternatives[block] ??= [
            ...this.statementAlternatives<Statement | null>((s) => s),
            { ALT: () => this.brokenLine(this.consume(TAIL, stray), block) },
          ]),
        );
        this.ACTION(() => statement !== null && body!.push(statement));
      },
    });
    this.ACTION(() => this.depth--);
    const close = this.option(TAIL + 3, {
      GATE: () => open !== undefined,
      DEF: () => this.consume(TAIL, RCurly),
    });
    return { arrow, targetName, open, body, close };
  }

  /**
   * A branch tail's target, or its block (`-> end` is a block of one `end`),
   * and the spans it covers; reports a missing target after `after` and an
   * unclosed block as `blockName`. Called in the rule's ACTION, after the
   * rule's own reports.
   */
  private branchLeadsTo(
    { arrow, targetName, open, body, close }: BranchTail,
    after: string,
    blockName: string,
  ): { target: Target | null; body: Statement[] | null; spans: (Span | undefined)[] } {
    let target: Target | null = null;
    if (arrow !== undefined) {
      const to = this.b.arrowTarget(arrow, targetName, this.LA(1), after);
      if (to.kind === "End") body = [to];
      else target = to;
    }
    if (open !== undefined && close === undefined) this.b.unclosed(blockName, open, this.LA(0), this.LA(1));
    const spans = [spanOf(arrow), target?.span, spanOf(targetName), spanOf(open), spanOf(close), lastSpan(body)];
    return { target, body, spans };
  }

  // ---- broken lines --------------------------------------------------------------

  /** Report a broken line that starts with `first`, and skip the rest of it. */
  private brokenLine(first: IToken, block: BlockKind): null {
    this.ACTION(() => {
      this.b.brokenLine(block, first, first);
      this.b.skippedToken(first);
    });
    this.SUBRULE(this.restOfLine);
    return null;
  }

  /**
   * The rest of a broken line: the tokens on its line, and when it opens a
   * block, that block up to its matching `}` (or a `node`, which no block
   * holds). A `}` that the line did not open is left to close its block.
   */
  private readonly restOfLine = this.RULE("restOfLine", () => {
    // A `{` that starts the line opens nothing: only one after a word does (`opton own "x" {`).
    let depth = 0;
    this.MANY({
      GATE: () => {
        const next = this.LA(1);
        if (depth > 0) return next.tokenType !== Node;
        return next.tokenType !== RCurly && this.onSameLine();
      },
      DEF: () => {
        const token = this.CONSUME(AnyToken);
        this.ACTION(() => {
          if (token.tokenType === LCurly) depth++;
          else if (token.tokenType === RCurly) depth--;
          this.b.skippedToken(token);
          this.b.extendSkipped(token);
        });
      },
    });
  });
}

/**
 * The items of the file in the order written, sorted into the AST, with the
 * errors of order: a statement after the first node, an input after a
 * statement, a `flow` line that is not first or comes twice, none at all.
 */
class FileItems {
  private header: FlowHeader | null = null;
  private readonly inputs: InputDecl[] = [];
  private readonly entry: Statement[] = [];
  private readonly nodes: NodeDecl[] = [];
  private seenAnything = false;
  private seenContent = false; // a statement or a node
  private inLateRun = false; // in a run of statements after the first node
  private firstLineBroken = false;

  constructor(private readonly b: AstBuilder) {}

  add(item: Item): void {
    const wasFirst = !this.seenAnything;
    this.seenAnything = true;
    if (item === null) {
      // A broken first line (`flwo order_status`) is already the one error about the top of the file.
      if (wasFirst) this.firstLineBroken = true;
      return;
    }
    if (item.kind === "statement") {
      this.seenContent = true;
      if (this.nodes.length === 0) this.entry.push(item.statement);
      else if (!this.inLateRun) {
        this.inLateRun = true;
        this.b.error(
          "a statement after the first `node` must go inside a node or before it",
          item.statement.span,
          "move it into a `node { }` or above the first `node`",
        );
      }
      return;
    }
    this.inLateRun = false;
    if (item.kind === "header") {
      if (this.header !== null) {
        this.b.error("a file holds one flow: remove this second `flow` line", item.header.span);
      } else {
        if (!wasFirst)
          this.b.error("the `flow` line must come first in the file, before everything else", item.header.span);
        this.header = item.header;
      }
    } else if (item.kind === "input") {
      if (this.seenContent) {
        this.b.error(
          "an `input` is declared before the first statement and the first node",
          item.input.span,
          "move this line up",
        );
      }
      this.inputs.push(item.input);
    } else {
      this.seenContent = true;
      this.nodes.push(item.node);
    }
  }

  finish(comments: readonly Comment[], firstToken: Span): FlowFile {
    if (this.header === null && !this.firstLineBroken) {
      this.b.error(
        "a flow file starts with `flow` and the flow's name",
        firstToken,
        'like `flow order_status "Статусы заказа"`',
      );
    }
    return {
      kind: "File",
      header: this.header,
      inputs: this.inputs,
      entry: this.entry,
      nodes: this.nodes,
      comments,
      ...(this.b.skipped.length > 0 ? { skipped: this.b.skipped } : {}),
      span: { start: 0, end: this.b.src.length },
    };
  }
}

/** The tokens a statement starts with. */
const STATEMENT_STARTS: ReadonlySet<TokenType> = new Set([Say, Note, Todo, Ticket, Ask, Arrow, End, Match]);

/** Offset from the start of its line (a tab counts one: indentation is compared within one file). */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

function lastSpan(
  list: readonly { readonly span: { start: number; end: number } }[] | null,
): { start: number; end: number } | undefined {
  return list === null || list.length === 0 ? undefined : list[list.length - 1]!.span;
}

let instance: FlowParser | undefined;

/** Tokens → AST, reporting into `builder`. Throws only on a bug in the grammar. */
export function parseTokens(tokens: IToken[], builder: AstBuilder, comments: readonly Comment[]): FlowFile {
  instance ??= new FlowParser();
  const file = instance.run(tokens, builder, comments);
  if (file === undefined) throw new Error("internal error in the flow parser (please report it): no file was built");
  return file;
}
