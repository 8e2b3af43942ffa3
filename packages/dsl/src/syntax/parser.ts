/**
 * Tokens → CST: the grammar of LANGUAGE.md as a chevrotain CstParser with
 * error recovery. One instance per process, built on first use and reused
 * by setting `input`.
 *
 * Shape of the grammar (what differs from LANGUAGE.md, and why):
 * - The file is a flat list of items (`flow` line, inputs, statements,
 *   nodes) in any order; the builder reports items out of order. This keeps
 *   recovery local instead of letting one misplaced line derail the rest.
 * - Every block accepts "stray" tokens that cannot start anything in it (see
 *   tokens.ts), so the parser consumes them in place and the builder reports
 *   one diagnostic per run. A block ends only at `}` or at a token after
 *   which a missing `}` is the only sensible reading (`node`, `option` in an
 *   option body, the end of the file); there the `}` is inserted.
 * - `ask` takes zero or more options; the builder reports an empty one.
 * - Deep nesting is parsed in chunks (see nesting.ts): an option body whose
 *   contents were cut out holds a single `Hole` token, and `chunkBody` is the
 *   entry rule for the contents. The body of an option is parsed only while
 *   the rule stack is below a safe depth (a guard that only input reshaped by
 *   recovery can reach).
 */
import {
  CstParser,
  EOF,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
  tokenLabel,
} from "chevrotain";
import { CHUNK_LEVELS } from "./limits.js";
import {
  ALL_TOKENS,
  Arrow,
  Ask,
  Attach,
  End,
  Field,
  Flow,
  Identifier,
  Input,
  KEYWORDS,
  LCurly,
  Node,
  Note,
  Option,
  Priority,
  Queue,
  RCurly,
  Required,
  Say,
  Hole,
  StrayAsk,
  StrayChunk,
  StrayNode,
  StrayOption,
  StrayTicket,
  StrayTop,
  Text,
  Ticket,
  Todo,
} from "./tokens.js";

/**
 * How deep the parser's rule stack may grow before it stops entering option
 * bodies. One nesting level (an ask with an option body) costs two rules
 * (ask → option) and about 25 JavaScript frames inside chevrotain. Measured
 * on Node 20's default stack, chevrotain alone overflows after about 270
 * levels before the JIT has warmed up (about 560 after): not the 1,000 the
 * language promises. So nesting.ts cuts the input into chunks of at most
 * CHUNK_LEVELS levels, and a chunk never comes near this guard; it only
 * matters for input that recovery reshapes.
 */
export const MAX_RULE_STACK = 2 * (CHUNK_LEVELS + 30);

/** The lists a block's items go into (see the grammar's header comment). */
const ITEM = { LABEL: "item" };
const STATEMENT = { LABEL: "statement" };
const OPTION_ITEM = { LABEL: "option" };
const PROP = { LABEL: "prop" };

const DELETABLE_NEVER = new Set<TokenType>([...KEYWORDS, LCurly, RCurly, Arrow]);

class FlowParser extends CstParser {
  /** The first token at which the depth guard refused an option body, if any. */
  refusedAt: IToken | null = null;

  constructor() {
    super([...ALL_TOKENS], {
      recoveryEnabled: true,
      // Spans come from token offsets (syntax/spans.ts), not from CST locations.
      nodeLocationTracking: "none",
      maxLookahead: 2,
      skipValidations: true,
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  // ---- file ------------------------------------------------------------------
  //
  // Every block keeps its items in ONE ordered list under a LABEL ("item",
  // "statement", "option", "prop"), with no wrapper rule per item: fewer CST
  // nodes to allocate, two rules per nesting level instead of three, and the
  // builder reads items (and strays) in source order.

  readonly file = this.RULE("file", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.flowHeader, ITEM) },
        { ALT: () => this.SUBRULE(this.inputDecl, ITEM) },
        { ALT: () => this.SUBRULE(this.nodeDecl, ITEM) },
        ...this.statements(ITEM),
        { ALT: () => this.CONSUME(StrayTop, ITEM) },
      ]),
    );
  });

  readonly flowHeader = this.RULE("flowHeader", () => {
    this.CONSUME(Flow);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(Text));
  });

  readonly inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(Input);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(Text));
  });

  readonly nodeDecl = this.RULE("nodeDecl", () => {
    this.CONSUME(Node);
    this.CONSUME(Identifier);
    this.CONSUME(LCurly);
    this.MANY(() => this.OR([...this.statements(STATEMENT), { ALT: () => this.CONSUME(StrayNode, STATEMENT) }]));
    this.CONSUME(RCurly);
  });

  // ---- statements -------------------------------------------------------------

  /** The alternatives of a statement, each labelled into the block's list. */
  private statements(label: { LABEL: string }) {
    return [
      { ALT: () => this.SUBRULE(this.sayStatement, label) },
      { ALT: () => this.SUBRULE(this.noteStatement, label) },
      { ALT: () => this.SUBRULE(this.todoStatement, label) },
      { ALT: () => this.SUBRULE(this.ticketStatement, label) },
      { ALT: () => this.SUBRULE(this.askStatement, label) },
      { ALT: () => this.SUBRULE(this.gotoStatement, label) },
      { ALT: () => this.CONSUME(End, label) },
    ];
  }

  readonly sayStatement = this.RULE("sayStatement", () => {
    this.CONSUME(Say);
    this.CONSUME(Text);
  });

  readonly noteStatement = this.RULE("noteStatement", () => {
    this.CONSUME(Note);
    this.CONSUME(Text);
  });

  readonly todoStatement = this.RULE("todoStatement", () => {
    this.CONSUME(Todo);
    this.CONSUME(Text);
  });

  readonly gotoStatement = this.RULE("gotoStatement", () => {
    this.CONSUME(Arrow);
    this.CONSUME(Identifier);
  });

  readonly ticketStatement = this.RULE("ticketStatement", () => {
    this.CONSUME(Ticket);
    this.OPTION(() => this.CONSUME(Identifier));
    this.CONSUME(Text);
    this.OPTION2(() => {
      this.CONSUME(LCurly);
      this.MANY(() =>
        this.OR([
          { ALT: () => this.SUBRULE(this.queueProp, PROP) },
          { ALT: () => this.SUBRULE(this.priorityProp, PROP) },
          { ALT: () => this.SUBRULE(this.fieldProp, PROP) },
          { ALT: () => this.CONSUME(StrayTicket, PROP) },
        ]),
      );
      this.CONSUME(RCurly);
    });
  });

  readonly queueProp = this.RULE("queueProp", () => {
    this.CONSUME(Queue);
    this.CONSUME(Text);
  });

  readonly priorityProp = this.RULE("priorityProp", () => {
    this.CONSUME(Priority);
    this.CONSUME(Identifier);
  });

  readonly fieldProp = this.RULE("fieldProp", () => {
    this.OR([{ ALT: () => this.CONSUME(Field) }, { ALT: () => this.CONSUME(Attach) }]);
    this.CONSUME(Identifier);
    this.CONSUME(Text);
    this.OPTION(() => this.CONSUME(Required));
  });

  readonly askStatement = this.RULE("askStatement", () => {
    this.CONSUME(Ask);
    this.OPTION(() => this.CONSUME(Identifier));
    this.CONSUME(Text);
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.optionDecl, OPTION_ITEM) },
        { ALT: () => this.CONSUME(StrayAsk, OPTION_ITEM) },
      ]),
    );
    this.CONSUME(RCurly);
  });

  readonly optionDecl = this.RULE("optionDecl", () => {
    this.CONSUME(Option);
    this.OPTION(() => this.CONSUME(Identifier));
    this.CONSUME(Text);
    this.OPTION2(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Arrow);
            this.CONSUME2(Identifier, { LABEL: "target" });
          },
        },
        {
          GATE: () => this.depthAllows(),
          ALT: () => {
            this.CONSUME(LCurly);
            this.MANY(() =>
              this.OR2([
                ...this.statements(STATEMENT),
                { ALT: () => this.CONSUME(StrayOption, STATEMENT) },
                { ALT: () => this.CONSUME(Hole, STATEMENT) },
              ]),
            );
            this.CONSUME(RCurly);
          },
        },
      ]),
    );
  });

  /** Entry rule for a chunk: the contents of an option body that nesting.ts cut out. */
  readonly chunkBody = this.RULE("chunkBody", () => {
    this.MANY(() =>
      this.OR([
        ...this.statements(STATEMENT),
        { ALT: () => this.CONSUME(StrayOption, STATEMENT) },
        { ALT: () => this.CONSUME(StrayChunk, STATEMENT) },
      ]),
    );
  });

  // ---- recovery ---------------------------------------------------------------

  private depthAllows(): boolean {
    // RULE_STACK_IDX is chevrotain's own count of the rules being invoked.
    const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
    if (depth < MAX_RULE_STACK) return true;
    this.refusedAt ??= this.LA(1);
    return false;
  }

  /**
   * Blocks end only where a missing `}` is the fix (see the header), so a
   * missing `}` is always inserted rather than re-synced past.
   */
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    if (expected === RCurly) return true;
    const base = CstParser.prototype as unknown as {
      canRecoverWithSingleTokenInsertion(this: CstParser, e: TokenType, f: TokenType[]): boolean;
    };
    return base.canRecoverWithSingleTokenInsertion.call(this, expected, follows);
  }

  /**
   * Chevrotain finds the follows of a token by walking the grammar along the
   * whole rule stack, which is slow at depth (a file ending with hundreds of
   * unclosed blocks). A missing `}` is always inserted, so its follows are
   * never needed.
   */
  getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[] {
    if (tokType === RCurly) return [];
    // The answer depends only on the path of rules (and occurrences) to here: cache it,
    // so a file with thousands of the same mistake does not walk the grammar each time.
    const self = this as unknown as {
      RULE_STACK: number[];
      RULE_STACK_IDX: number;
      RULE_OCCURRENCE_STACK: number[];
    };
    let key = `${tokType.name}:${tokIdxInRule}`;
    for (let i = 0; i <= self.RULE_STACK_IDX; i++) {
      key += `/${self.RULE_STACK[i]}.${self.RULE_OCCURRENCE_STACK[i]}`;
    }
    let follows = this.followsCache.get(key);
    if (follows === undefined) {
      const base = CstParser.prototype as unknown as {
        getFollowsForInRuleRecovery(this: CstParser, t: TokenType, i: number): TokenType[];
      };
      follows = base.getFollowsForInRuleRecovery.call(this, tokType, tokIdxInRule);
      if (this.followsCache.size > 10_000) this.followsCache.clear();
      this.followsCache.set(key, follows);
    }
    return follows;
  }

  private readonly followsCache = new Map<string, TokenType[]>();

  /** Never delete a keyword or a brace to make room: they carry the structure. */
  canRecoverWithSingleTokenDeletion(expected: TokenType): boolean {
    if (DELETABLE_NEVER.has(this.LA(1).tokenType)) return false;
    const base = CstParser.prototype as unknown as {
      canRecoverWithSingleTokenDeletion(this: CstParser, e: TokenType): boolean;
    };
    return base.canRecoverWithSingleTokenDeletion.call(this, expected);
  }
}

// ---- messages ------------------------------------------------------------------

/** How a found token reads in a message. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF) return "the end of the file";
  const type = token.tokenType;
  if (type === Hole) return "a nested block";
  if (type.name === "StringLiteral" || type.name === "TripleString") {
    const oneLine = token.image.split(/\r?\n/, 1)[0] ?? "";
    const short = oneLine.length > 32 ? `${oneLine.slice(0, 30)}…` : oneLine;
    return `the text ${short}`;
  }
  return `\`${token.image}\``;
}

function after(previous: IToken | undefined): string {
  if (previous === undefined || previous.isInsertedInRecovery || !Number.isFinite(previous.startOffset)) return "";
  if (previous.tokenType === EOF || previous.image === "") return "";
  const image = previous.tokenType.name === "StringLiteral" || previous.tokenType.name === "TripleString"
    ? "the text"
    : `\`${previous.image}\``;
  return ` after ${image}`;
}

const CLOSES: Record<string, string> = {
  nodeDecl: "the node",
  optionDecl: "the option's block",
  askStatement: "the list of options",
  ticketStatement: "the ticket's block",
};

const NAMES: Record<string, string> = {
  flowHeader: "the flow's name",
  inputDecl: "the input's name",
  nodeDecl: "the node's name",
  fieldProp: "the field's id",
  gotoStatement: "the name of a node (or `start`)",
  optionDecl: "the name of a node (or `start`)",
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const found = describeToken(actual);
    if (expected === Text) return `expected a quoted text${after(previous)}, found ${found}`;
    if (expected === Identifier) {
      if (ruleName === "priorityProp") {
        return `expected \`low\`, \`normal\`, \`high\` or \`urgent\` after \`priority\`, found ${found}`;
      }
      return `expected ${NAMES[ruleName] ?? "a name"}${after(previous)}, found ${found}`;
    }
    if (expected === LCurly) {
      const what =
        ruleName === "askStatement"
          ? "`{` after the question, to list its options"
          : ruleName === "nodeDecl"
            ? "`{` after the node's name"
            : "`{`";
      return `expected ${what}, found ${found}`;
    }
    if (expected === RCurly) return `expected \`}\` to close ${CLOSES[ruleName] ?? "the block"}, found ${found}`;
    return `expected ${tokenLabel(expected)}${after(previous)}, found ${found}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, previous, ruleName }) {
    const found = describeToken(actual[0]);
    if (ruleName === "file" || ruleName === "nodeDecl" || ruleName === "optionDecl" || ruleName === "chunkBody") {
      return `expected a statement (say, note, todo, ticket, ask, \`->\` or end)${after(previous)}, found ${found}`;
    }
    if (ruleName === "ticketStatement") {
      return `expected queue, priority, field or attach${after(previous)}, found ${found}`;
    }
    return `unexpected ${found}${after(previous)}`;
  },
  buildEarlyExitMessage({ actual, previous }) {
    return `unexpected ${describeToken(actual[0])}${after(previous)}`;
  },
};

// ---- the one instance --------------------------------------------------------------

let instance: FlowParser | undefined;

export interface CstResult {
  readonly cst: unknown;
  readonly errors: readonly ParseError[];
  /** Set when the depth guard refused to enter an option body. */
  readonly refusedAt: IToken | null;
}

/** A chevrotain recognition exception, as much of it as we read. */
export interface ParseError {
  readonly name: string;
  readonly message: string;
  readonly token: IToken;
  readonly previousToken?: IToken;
}

/** Parse the whole file (`chunk` false) or a chunk cut out by nesting.ts (`chunk` true). */
export function parseTokens(tokens: IToken[], chunk = false): CstResult {
  instance ??= new FlowParser();
  const parser = instance;
  parser.refusedAt = null;
  parser.input = tokens;
  const cst = chunk ? parser.chunkBody() : parser.file();
  const result: CstResult = {
    cst,
    errors: parser.errors as unknown as ParseError[],
    refusedAt: parser.refusedAt,
  };
  // Drop references to the input so a huge file is not kept alive between runs.
  parser.input = [];
  return result;
}
