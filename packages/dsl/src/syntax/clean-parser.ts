/**
 * The front end's fast path: a strict recursive-descent parser that builds
 * the AST straight from the text, for a file with no syntax-level diagnostic
 * at all (every file that compiles, so nearly every large one).
 *
 * It knows only the error-free language. At the first thing the recovering
 * front end (lexer.ts → parser.ts → ast/build.ts) would report — an unknown
 * character, an unclosed comment, a text that does not decode cleanly, a
 * token out of place, a reserved word or a digit where a name goes, items
 * out of order, an ask without options, a bad priority — it gives up, and
 * the file takes the recovering way, which finds every diagnostic. So the
 * recovering path stays the one source of diagnostics; this one only has
 * to build the very same AST for clean files, which test/clean-parser.test.ts
 * checks on the fixtures and on random flows.
 *
 * What it saves is the recovering path's intermediate data: a token object
 * per token and a CST node per rule, most of the front end's time and
 * memory on a large file.
 *
 * Tokens are read as the chevrotain lexer reads them (same order of
 * patterns, same character classes from chars.ts). Option bodies nested
 * deeper than CHUNK_LEVELS also take the recovering way, which parses them
 * in chunks; so this recursion stays shallow.
 */
import { EOF, type TokenType } from "chevrotain";
import type {
  AskStatement,
  Comment,
  FlowFile,
  FlowHeader,
  Identifier as IdentifierNode,
  InputDecl,
  NodeDecl,
  OptionDecl,
  Priority as PriorityValue,
  Statement,
  Target,
  Text as TextNode,
  TicketProp,
  TicketStatement,
} from "../ast/types.js";
import { keepShape } from "../keep.js";
import { isPriority, isSpaceAt, startsWithDigit, wordEnd } from "./chars.js";
import { CHUNK_LEVELS } from "./limits.js";
import { decodeText, findStringEnd, findTripleEnd, plainText, plainTextEnd } from "./strings.js";
import {
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
  Text,
  Ticket,
  Todo,
} from "./tokens.js";

/** The AST of `text` when it has no syntax-level diagnostic; null when it may have one. */
export function parseClean(text: string): FlowFile | null {
  try {
    return new CleanParser(text).file();
  } catch (error) {
    if (error === NOT_CLEAN) return null;
    throw error;
  }
}

/**
 * Thrown where the recovering front end would report something, and caught
 * only by parseClean. Not an Error: giving up must not cost a stack trace.
 */
const NOT_CLEAN = Symbol("not clean");

/** A keyword's token type and its spelling (each type is named after its word, capitalised). */
interface Keyword {
  readonly word: string;
  readonly type: TokenType;
}

/**
 * Keywords by first letter (index 0 for `a`): a keyword is recognised in the
 * text itself, without slicing a string out of it for a Map lookup.
 */
const KEYWORDS_BY_LETTER: readonly (readonly Keyword[])[] = (() => {
  const table: Keyword[][] = Array.from({ length: 26 }, () => []);
  for (const type of KEYWORDS) {
    const word = type.name.toLowerCase();
    table[word.charCodeAt(0) - 97]!.push({ word, type });
  }
  return table;
})();

/** The candidates for a word that does not start with a lower-case ASCII letter. */
const NO_KEYWORDS: readonly Keyword[] = [];


class CleanParser {
  private readonly comments: Comment[] = [];
  /** Where scanning goes on: the end of the current token. */
  private pos = 0;
  /** The current token: its type (Text for any quoted text, EOF at the end) and place. */
  private type: TokenType = EOF;
  private start = 0;
  private end = 0;
  /** The current token's spelling, when it is a word. */
  private word = "";
  /** Whether the current token is a plain text (see plainTextEnd), which needs no decoding. */
  private plain = false;
  /** Option bodies around the current token. */
  private depth = 0;
  /**
   * Lists being read, innermost on top: a list's items are pushed here and
   * copied out when it ends. An array grown by `push` keeps spare room for
   * 16 more items; the AST keeps tens of thousands of short lists.
   */
  private readonly pending: unknown[] = [];

  constructor(private readonly src: string) {}

  file(): FlowFile {
    this.advance();
    // The `flow` line first, then the inputs, the entry's statements, the nodes.
    if (this.type !== Flow) throw NOT_CLEAN;
    const header = this.flowHeader();
    const inputs: InputDecl[] = [];
    while (this.type === Input) inputs.push(this.inputDecl());
    const entry: Statement[] = [];
    while (this.type !== Node && this.type !== EOF) entry.push(this.statement());
    const nodes: NodeDecl[] = [];
    while (this.type === Node) nodes.push(this.nodeDecl());
    if (this.type !== EOF) throw NOT_CLEAN;
    return {
      kind: "File",
      header,
      inputs,
      entry,
      nodes,
      comments: this.comments,
      span: { start: 0, end: this.src.length },
    };
  }

  // ---- declarations ------------------------------------------------------------------

  private flowHeader(): FlowHeader {
    const start = this.start;
    this.advance();
    const id = this.declaredId();
    const title = this.type === Text ? this.text() : null;
    return { kind: "FlowHeader", id, title, span: { start, end: (title ?? id).span.end } };
  }

  private inputDecl(): InputDecl {
    const start = this.start;
    this.advance();
    const id = this.declaredId();
    const label = this.type === Text ? this.text() : null;
    return { kind: "Input", id, label, span: { start, end: (label ?? id).span.end } };
  }

  private nodeDecl(): NodeDecl {
    const start = this.start;
    this.advance();
    const id = this.declaredId();
    this.expect(LCurly);
    const body = this.statements();
    const end = this.end;
    this.advance();
    return { kind: "Node", id, body, span: { start, end } };
  }

  // ---- statements ------------------------------------------------------------------

  /** Statements up to a `}` (which is left as the current token). */
  private statements(): Statement[] {
    const from = this.pending.length;
    while (this.type !== RCurly) this.pending.push(this.statement());
    return this.listFrom(from);
  }

  /** The items pushed onto `pending` since it was `from` long, as an array of their own. */
  private listFrom<T>(from: number): T[] {
    const list = this.pending.slice(from) as T[];
    this.pending.length = from;
    return list;
  }

  private statement(): Statement {
    const type = this.type;
    const start = this.start;
    if (type === Say || type === Note || type === Todo) {
      this.advance();
      const text = this.text();
      const kind = type === Say ? "Say" : type === Note ? "Note" : "Todo";
      return { kind, text, span: { start, end: text.span.end } };
    }
    if (type === Ask) return this.ask();
    if (type === Ticket) return this.ticket();
    if (type === Arrow) {
      this.advance();
      const target = this.target();
      return { kind: "Goto", target, span: { start, end: target.span.end } };
    }
    if (type === End) {
      const end = this.end;
      this.advance();
      return { kind: "End", span: { start, end } };
    }
    throw NOT_CLEAN;
  }

  private ticket(): TicketStatement {
    const start = this.start;
    this.advance();
    const id = this.type === Identifier ? this.declaredId() : null;
    const title = this.text();
    let props: TicketProp[] | null = null;
    let end = title.span.end;
    if (this.type === LCurly) {
      this.advance();
      const from = this.pending.length;
      while (this.type !== RCurly) this.pending.push(this.ticketProp());
      props = this.listFrom(from);
      end = this.end;
      this.advance();
    }
    return { kind: "Ticket", id, title, props, span: { start, end } };
  }

  private ticketProp(): TicketProp {
    const type = this.type;
    const start = this.start;
    this.advance();
    if (type === Queue) {
      const text = this.text();
      return { kind: "Queue", text, span: { start, end: text.span.end } };
    }
    if (type === Priority) {
      if (this.type !== Identifier || !isPriority(this.word)) throw NOT_CLEAN;
      const value = this.word as PriorityValue;
      const end = this.end;
      this.advance();
      return { kind: "Priority", value, span: { start, end } };
    }
    if (type !== Field && type !== Attach) throw NOT_CLEAN;
    const id = this.declaredId();
    const label = this.text();
    const required = this.type === Required;
    let end = label.span.end;
    if (required) {
      end = this.end;
      this.advance();
    }
    return { kind: type === Field ? "Field" : "Attach", id, label, required, span: { start, end } };
  }

  private ask(): AskStatement {
    const start = this.start;
    this.advance();
    const id = this.type === Identifier ? this.declaredId() : null;
    const text = this.text();
    this.expect(LCurly);
    const from = this.pending.length;
    while (this.type === Option) this.pending.push(this.option());
    const options = this.listFrom<OptionDecl>(from);
    if (this.type !== RCurly || options.length === 0) throw NOT_CLEAN;
    const end = this.end;
    this.advance();
    return { kind: "Ask", id, text, options, span: { start, end } };
  }

  private option(): OptionDecl {
    const start = this.start;
    this.advance();
    const id = this.type === Identifier ? this.declaredId() : null;
    const label = this.text();
    let target: Target | null = null;
    let body: Statement[] | null = null;
    let end = label.span.end;
    if (this.type === Arrow) {
      this.advance();
      target = this.target();
      end = target.span.end;
    } else if (this.type === LCurly) {
      if (++this.depth > CHUNK_LEVELS) throw NOT_CLEAN;
      this.advance();
      body = this.statements();
      end = this.end;
      this.advance();
      this.depth--;
    }
    return { kind: "Option", id, label, target, body, span: { start, end } };
  }

  // ---- names and texts ----------------------------------------------------------------

  /** A name being declared: not reserved (`start`; keywords never lex as names), not starting with a digit. */
  private declaredId(): IdentifierNode {
    if (this.type !== Identifier || this.word === "start" || startsWithDigit(this.word)) throw NOT_CLEAN;
    const id: IdentifierNode = { kind: "Identifier", name: this.word, span: { start: this.start, end: this.end } };
    this.advance();
    return id;
  }

  /** The target of `->`: a node's name, or `start`. */
  private target(): Target {
    if (this.type !== Identifier || startsWithDigit(this.word)) throw NOT_CLEAN;
    const name = this.word;
    const target: Target = {
      kind: "Target",
      name,
      isStart: name === "start",
      span: { start: this.start, end: this.end },
    };
    this.advance();
    return target;
  }

  private text(): TextNode {
    if (this.type !== Text) throw NOT_CLEAN;
    if (this.plain) {
      const text = plainText(this.src, this.start, this.end);
      this.advance();
      return text;
    }
    const { text, diagnostics } = decodeText(this.src, this.start, this.end);
    if (diagnostics.length > 0) throw NOT_CLEAN;
    this.advance();
    return text;
  }

  private expect(type: TokenType): void {
    if (this.type !== type) throw NOT_CLEAN;
    this.advance();
  }

  // ---- tokens --------------------------------------------------------------------------

  /** Move to the next token, collecting the comments before it. */
  private advance(): void {
    const src = this.src;
    let i = this.pos;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 10) i++; // the usual blanks, without a call
      else if (isSpaceAt(src, i)) i++;
      else if (c === 47 /* / */ && src.charCodeAt(i + 1) === 47) i = this.lineComment(i);
      else if (c === 47 && src.charCodeAt(i + 1) === 42 /* * */) i = this.blockComment(i);
      else break;
    }
    this.start = i;
    this.end = this.tokenEnd(i);
    this.pos = this.end;
  }

  /** Sets `type` (and `word`) for the token at `i`; returns where it ends. */
  private tokenEnd(i: number): number {
    const src = this.src;
    if (i >= src.length) {
      this.type = EOF;
      return i;
    }
    const c = src.charCodeAt(i);
    if (c === 34 /* " */) {
      this.type = Text;
      if (src.charCodeAt(i + 1) !== 34 || src.charCodeAt(i + 2) !== 34) {
        const end = plainTextEnd(src, i);
        this.plain = end >= 0;
        return this.plain ? end : findStringEnd(src, i);
      }
      this.plain = false;
      const triple = findTripleEnd(src, i);
      if (!triple.closed) throw NOT_CLEAN;
      return triple.end;
    }
    if (c === 123 /* { */ || c === 125 /* } */) {
      this.type = c === 123 ? LCurly : RCurly;
      return i + 1;
    }
    if (c === 45 /* - */ && src.charCodeAt(i + 1) === 62 /* > */) {
      this.type = Arrow;
      return i + 2;
    }
    const end = wordEnd(src, i);
    if (end < 0) throw NOT_CLEAN;
    const candidates = c >= 97 && c <= 122 ? KEYWORDS_BY_LETTER[c - 97]! : NO_KEYWORDS;
    for (const k of candidates) {
      if (k.word.length === end - i && src.startsWith(k.word, i)) {
        this.word = k.word;
        this.type = k.type;
        return end;
      }
    }
    this.word = src.slice(i, end);
    this.type = Identifier;
    return end;
  }

  /** `//` to the end of the line (a lone `\r` ends it too, as in the lexer). */
  private lineComment(i: number): number {
    const src = this.src;
    let e = i + 2;
    while (e < src.length && src.charCodeAt(e) !== 10 && src.charCodeAt(e) !== 13) e++;
    this.comments.push({ kind: "Comment", style: "line", value: src.slice(i, e), span: { start: i, end: e } });
    return e;
  }

  private blockComment(i: number): number {
    const close = this.src.indexOf("*/", i + 2);
    if (close < 0) throw NOT_CLEAN;
    const e = close + 2;
    this.comments.push({ kind: "Comment", style: "block", value: this.src.slice(i, e), span: { start: i, end: e } });
    return e;
  }
}

keepShape(new CleanParser(""));
