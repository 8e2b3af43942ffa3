/**
 * The pieces the parser's rules build the AST from, and the diagnostics
 * they report (one parse's state). Defensive about broken input: a part the
 * author left out is synthesised with `missing: true` and a zero-width span
 * where it should have been, so later stages never meet `undefined` where
 * the grammar promises a value.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import type { EndStatement, Identifier, SkippedRegion, Target, Text } from "../ast/types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import { startsWithDigit } from "./chars.js";
import { INPUT_RESERVED, keywordOf, reservedReason } from "./keywords.js";
import { type BlockKind, brokenLineMessage, describeToken } from "./messages.js";
import { isRealToken, lineBreakBetween, tokenEnd, tokenSpan, tokenStart } from "./spans.js";
import { decodeText, missingText } from "./strings.js";
import { Text as TextToken } from "./tokens.js";

/** A `{name}` inside a text, for the names a skipped region mentions. */
const PLACEHOLDER = /\{([^{}\s\\]+)\}/gu;

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly skipped: SkippedRegion[] = [];
  /** Where the last block that was not closed ended: outer blocks that end there too are not reported again. */
  private lastUnclosedAt = -1;

  constructor(
    readonly src: string,
    /** 1-based line of an offset. */
    private readonly lineOf: (offset: number) => number,
  ) {}

  // ---- diagnostics ----------------------------------------------------------------

  error(message: string, span: Span, hint?: string): void {
    this.diagnostics.push(diagnostic("syntax", message, span, hint !== undefined ? { hint } : {}));
  }

  /**
   * `expected <what> after <after>, found <found>`, where a missing part
   * belongs: right after the token before it when what was found is on a
   * later line or is the end of the file (Langium's rule for a missing
   * token), else at what was found.
   */
  expected(what: string, after: IToken, found: IToken, hint?: string): void {
    const afterText = tokenMatcher(after, TextToken) ? "the text" : `\`${after.image}\``;
    const message = `expected ${what} after ${afterText}, found ${describeToken(found)}`;
    this.error(message, this.missingSpan(after, found), hint);
  }

  missingSpan(after: IToken, found: IToken): Span {
    const end = tokenEnd(after);
    if (!isRealToken(found) || lineBreakBetween(this.src, end, found.startOffset)) return { start: end, end };
    return tokenSpan(found);
  }

  /** A line that starts with a token that cannot start anything in its block: one error, and the line is skipped. */
  brokenLine(block: BlockKind, first: IToken, last: IToken): void {
    const { message, hint } = brokenLineMessage(block, first);
    this.error(message, tokenSpan(first), hint);
    this.skipped.push({
      span: { start: tokenStart(first), end: tokenEnd(last) },
      names: [],
    });
  }

  /** The skipped region grows to the end of `token`. */
  extendSkipped(token: IToken): void {
    const region = this.skipped[this.skipped.length - 1];
    if (region !== undefined)
      this.skipped[this.skipped.length - 1] = {
        ...region,
        span: { start: region.span.start, end: tokenEnd(token) },
      };
  }

  /** Does a skipped region start inside `span`? */
  skippedWithin(span: Span): boolean {
    for (let i = this.skipped.length - 1; i >= 0; i--) {
      const s = this.skipped[i]!.span;
      if (s.start < span.start) return false;
      if (s.start <= span.end) return true;
    }
    return false;
  }

  lineOfToken(token: IToken): number {
    return this.lineOf(tokenStart(token));
  }

  /** Record the names a skipped line mentions (called for each of its tokens). */
  skippedToken(token: IToken): void {
    const region = this.skipped[this.skipped.length - 1];
    if (region === undefined) return;
    const names = region.names as string[];
    const type = token.tokenType.name;
    if (type === "Identifier") names.push(token.image);
    else if (type.endsWith("String") || type === "OtherQuotesText") {
      for (const m of token.image.matchAll(PLACEHOLDER)) names.push(m[1]!);
    }
  }

  /**
   * A block that ends without its `}`: one error where the `}` belongs, that
   * names the block and the line it opened on. Blocks around it that end at
   * the same place are not reported again.
   */
  unclosed(block: string, opener: IToken, last: IToken, found: IToken): void {
    const at = isRealToken(found) ? found.startOffset : this.src.length;
    if (at === this.lastUnclosedAt) return;
    this.lastUnclosedAt = at;
    const line = this.lineOf(tokenStart(opener));
    this.error(
      `expected \`}\` to close ${block} (opened on line ${line}), found ${describeToken(found)}`,
      this.missingSpan(last, found),
      `add \`}\` after the last line of ${block}`,
    );
  }

  // ---- names and texts ----------------------------------------------------------------

  /** A declared name: missing, reserved, with a dash, or starting with a digit are reported here. */
  declaredId(token: IToken | undefined, anchor: number, what: string): Identifier {
    if (token === undefined)
      return {
        kind: "Identifier",
        name: "",
        span: { start: anchor, end: anchor },
        missing: true,
      };
    const name = token.image;
    const reason = reservedReason(name) ?? (what === "an input" ? INPUT_RESERVED.get(name) : undefined);
    if (reason !== undefined) {
      this.reserved(
        token,
        `\`${name}\` is a reserved word and cannot name ${what} (${reason})`,
        `choose another name, like \`${name.replace(/^_+|_+$/g, "")}_1\``,
      );
    } else {
      this.checkNameSpelling(token, `name ${what}`);
    }
    return {
      kind: "Identifier",
      name: asWritten(name),
      span: tokenSpan(token),
    };
  }

  /** `-> name`: missing, reserved, with a dash, or starting with a digit are reported here. */
  /**
   * Where `-> name` after an option, a case or an `else` leads. `-> end` is a
   * slip for the statement `end`: one error, and the `end` it meant, so the
   * branch still finishes the flow and no follow-on error appears. `after`
   * names what `{ end }` is written after, for the hint.
   */
  arrowTarget(arrow: IToken, name: IToken | undefined, found: IToken, after: string): Target | EndStatement {
    if (name?.image === "end") {
      this.reserved(
        name,
        "`end` is a statement that finishes the flow, not the name of a node",
        `write \`{ end }\` after ${after} instead of \`-> end\``,
      );
      return { kind: "End", span: join(tokenSpan(arrow), tokenSpan(name)) };
    }
    return this.target(name, arrow, found);
  }

  target(token: IToken | undefined, arrow: IToken, found: IToken): Target {
    const anchor = tokenEnd(arrow);
    if (token === undefined) {
      this.expected("the name of a node (or `start`)", arrow, found);
      return {
        kind: "Target",
        name: "",
        isStart: false,
        span: { start: anchor, end: anchor },
        missing: true,
      };
    }
    const name = token.image;
    if (name !== "start" && keywordOf(name) !== undefined) {
      this.reserved(
        token,
        `\`${name}\` is a reserved word, not the name of a node (${reservedReason(name)})`,
        "write the name of a node, or `start`, after `->`",
      );
      return {
        kind: "Target",
        name: "",
        isStart: false,
        span: tokenSpan(token),
        missing: true,
      };
    }
    this.checkNameSpelling(token, "be the name of a node");
    return {
      kind: "Target",
      name: asWritten(name),
      isStart: name === "start",
      span: tokenSpan(token),
    };
  }

  /** A dash or a leading digit in a name: one error each place. */
  private checkNameSpelling(token: IToken, role: string): void {
    const name = token.image;
    if (name.includes("-")) {
      this.error(
        `\`${name}\` cannot ${role}: a name uses \`_\`, not \`-\``,
        tokenSpan(token),
        `write \`${name.replaceAll("-", "_")}\``,
      );
    } else if (startsWithDigit(name)) {
      this.error(`\`${name}\` cannot ${role}: a name starts with a letter or \`_\``, tokenSpan(token));
    }
  }

  reserved(token: IToken, message: string, hint?: string): void {
    this.diagnostics.push(diagnostic("reserved-word", message, tokenSpan(token), hint !== undefined ? { hint } : {}));
  }

  /** A quoted text; one in quotes other than `"` is reported once and read as if its quotes were straight. */
  text(token: IToken | undefined, anchor: number): Text {
    if (token === undefined) return missingText(anchor);
    const start = tokenStart(token);
    const end = tokenEnd(token);
    if (token.tokenType.name === "OtherQuotesText") {
      const quote = token.image[0]!;
      this.error(
        `a text goes between straight double quotes \`"\`, not \`${quote}\``,
        { start, end: start + 1 },
        `write "${token.image.slice(1, closes(token.image) ? -1 : undefined)}"`,
      );
      const value = this.src.slice(start + 1, closes(token.image) ? end - 1 : end);
      return {
        kind: "Text",
        parts:
          value === ""
            ? []
            : [
                {
                  kind: "Literal",
                  value,
                  span: { start: start + 1, end: start + 1 + value.length },
                },
              ],
        raw: value,
        triple: false,
        span: { start, end },
      };
    }
    const decoded = decodeText(this.src, start, end);
    for (const d of decoded.diagnostics) this.diagnostics.push(d);
    return decoded.text;
  }
}

/**
 * A name with dashes (reported once where it is written) stands for the name
 * with underscores, as its hint says: then `node who-ordered` and
 * `-> who_ordered` (or `-> who-ordered`) still meet, and the checks add no
 * follow-on errors.
 */
function asWritten(name: string): string {
  return name.includes("-") ? name.replaceAll("-", "_") : name;
}

/** Does a text in other quotes end with its closing quote (rather than at the end of its line)? */
function closes(image: string): boolean {
  return image.length >= 2 && /["'«»“”„‘’‚]$/u.test(image);
}

/** The smallest span covering every given (present) span. */
export function join(first: Span, ...rest: (Span | undefined)[]): Span {
  let start = first.start;
  let end = first.end;
  for (const s of rest) {
    if (s === undefined) continue;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
  }
  return { start, end };
}

export function spanOf(token: IToken | undefined): Span | undefined {
  return token !== undefined && isRealToken(token) ? tokenSpan(token) : undefined;
}
