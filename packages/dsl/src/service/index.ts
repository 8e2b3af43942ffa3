/**
 * @flowc/dsl/service — the language service: pure functions over a
 * document's text, answering in the Language Server Protocol's shapes.
 * `analyze` checks one version of a document once; every feature reads
 * that. Used by @flowc/language-server (stdio and Web Worker) and the studio.
 */
export { analyze, type CheckText, type FlowDocument } from "./document.js";
export { diagnostics } from "./diagnostics.js";
export { completions } from "./completion.js";
export { hover } from "./hover.js";
export { definition, documentHighlights, references } from "./navigation.js";
export { prepareRename, rename, SESSION_ID_ANNOTATION } from "./rename.js";
export { documentSymbols, foldingRanges } from "./outline.js";
export { formatDocument, formatRange } from "./formatting.js";
export { codeActions, type ContextDiagnostic } from "./code-actions.js";
export { KEYWORD_TABLE, type KeywordInfo } from "./keywords.js";
export type * from "./types.js";
export { CompletionKind, SymbolKind } from "./types.js";
