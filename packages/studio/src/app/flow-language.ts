import { KEYWORD_TABLE } from "@flowc/dsl/keywords";
import {
  HighlightStyle,
  LanguageSupport,
  StreamLanguage,
  type StringStream,
  syntaxHighlighting,
} from "@codemirror/language";
import { tags } from "@lezer/highlight";

/**
 * Colours for .flow text: keywords, texts ("…" and """…"""), the `{name}`
 * placeholders inside them, `-> target` jumps, ids and comments. A line-based
 * tokenizer is enough (the language server reports the real structure); the
 * words come from the compiler's one keyword table, never a copy.
 */

const KEYWORDS: ReadonlySet<string> = new Set(KEYWORD_TABLE.filter((k) => k.kind !== "reserved-name").map((k) => k.word));
const RESERVED: ReadonlySet<string> = new Set(KEYWORD_TABLE.filter((k) => k.kind === "reserved-name").map((k) => k.word));

interface State {
  /** The closing delimiter we are inside of: a comment or a text that goes on from an earlier token or line. */
  inside: "*/" | '"' | '"""' | null;
  /** The last word-ish token was `->`: the next word is a jump target. */
  afterArrow: boolean;
}

const PLACEHOLDER = /^\{[^}\s"]*\}/;

/** A text up to its closing quote, stopping before a `{placeholder}` so that it gets its own colour. */
function text(stream: StringStream, state: State, close: '"' | '"""'): string {
  while (!stream.eol()) {
    if (stream.match(close)) {
      state.inside = null;
      return "string";
    }
    if (stream.match(PLACEHOLDER, false)) return "string";
    if (stream.next() === "\\") stream.next();
  }
  return "string";
}

function token(stream: StringStream, state: State): string | null {
  // A one-line text ends with its line even without its quote (the server reports that).
  if (stream.sol() && state.inside === '"') state.inside = null;
  if (state.inside === "*/") {
    if (stream.skipTo("*/")) {
      stream.match("*/");
      state.inside = null;
    } else stream.skipToEnd();
    return "comment";
  }
  if (state.inside !== null) {
    if (stream.match(PLACEHOLDER)) return "placeholder";
    return text(stream, state, state.inside);
  }
  if (stream.eatSpace()) return null;
  if (stream.match("//")) {
    stream.skipToEnd();
    return "comment";
  }
  if (stream.match("/*")) {
    state.inside = "*/";
    return token(stream, state);
  }
  for (const quote of ['"""', '"'] as const) {
    if (stream.match(quote)) {
      state.inside = quote;
      state.afterArrow = false;
      return text(stream, state, quote);
    }
  }
  if (stream.match("->")) {
    state.afterArrow = true;
    return "operator";
  }
  if (stream.match(/^[{}]/)) return "brace";
  const word = stream.match(/^[\p{L}_][\p{L}\p{N}_]*/u) as RegExpMatchArray | null;
  if (word) {
    const after = state.afterArrow;
    state.afterArrow = false;
    if (after) return "labelName";
    if (KEYWORDS.has(word[0])) return "keyword";
    if (RESERVED.has(word[0])) return "atom";
    return "variableName";
  }
  if (stream.match(/^\d+/)) return "number";
  stream.next();
  return null;
}

export const flowLanguage = StreamLanguage.define<State>({
  name: "flow",
  startState: () => ({ inside: null, afterArrow: false }),
  copyState: (s) => ({ ...s }),
  token,
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
  tokenTable: { placeholder: tags.special(tags.variableName) },
});

const style = HighlightStyle.define([
  { tag: tags.keyword, color: "#7b2cbf", fontWeight: "600" },
  { tag: tags.string, color: "#1b6b3a" },
  { tag: tags.special(tags.variableName), color: "#b35900", fontWeight: "600" },
  { tag: tags.labelName, color: "#0b57d0", textDecoration: "underline dotted" },
  { tag: tags.operator, color: "#0b57d0" },
  { tag: tags.comment, color: "#6b7280", fontStyle: "italic" },
  { tag: tags.atom, color: "#0b57d0" },
  { tag: tags.variableName, color: "#1f2937" },
]);

export function flow(): LanguageSupport {
  return new LanguageSupport(flowLanguage, [syntaxHighlighting(style)]);
}
