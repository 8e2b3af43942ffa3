/**
 * The language service's answers, shaped exactly like the Language Server
 * Protocol's (3.17) so a server passes them through unchanged — but declared
 * here as plain data, so @flowc/dsl needs no LSP package (the studio runs the
 * same functions in a browser). Positions are 0-based lines and UTF-16
 * characters, as LSP's default position encoding.
 */

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface LspLocation {
  readonly uri: string;
  readonly range: LspRange;
}

export interface LspTextEdit {
  readonly range: LspRange;
  readonly newText: string;
}

/** LSP's DiagnosticSeverity: 1 error, 2 warning. */
export type LspSeverity = 1 | 2 | 3 | 4;

export interface LspDiagnostic {
  readonly range: LspRange;
  readonly severity: LspSeverity;
  readonly code: string;
  readonly source: "flowc";
  /** flowc check's message, then its hint on a line of its own (`hint: …`). */
  readonly message: string;
  readonly relatedInformation?: { location: LspLocation; message: string }[];
  /** What a code action needs and LSP has no field for. */
  readonly data?: { readonly hint?: string; readonly reachedBy?: readonly string[] };
}

/** LSP's CompletionItemKind values used here. */
export const CompletionKind = {
  Variable: 6,
  Module: 9,
  Property: 10,
  Keyword: 14,
  Value: 12,
  EnumMember: 20,
  Function: 3,
} as const;

/** LSP's CompletionItemKind: 1 to 25. */
export type LspCompletionKind = (typeof CompletionKind)[keyof typeof CompletionKind];

export interface LspCompletionItem {
  readonly label: string;
  readonly kind: LspCompletionKind;
  readonly detail?: string;
  readonly documentation?: { readonly kind: "markdown"; readonly value: string };
  readonly textEdit?: LspTextEdit;
  readonly sortText?: string;
}

export interface LspHover {
  readonly contents: { readonly kind: "markdown"; readonly value: string };
  readonly range: LspRange;
}

/** LSP's SymbolKind values used here. */
export const SymbolKind = {
  Module: 2,
  Namespace: 3,
  Enum: 10,
  Function: 12,
  Variable: 13,
  EnumMember: 22,
  Struct: 23,
} as const;

/** LSP's SymbolKind: 1 to 26. */
export type LspSymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface LspDocumentSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: LspSymbolKind;
  readonly range: LspRange;
  readonly selectionRange: LspRange;
  readonly children: LspDocumentSymbol[];
}

export interface LspFoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: "comment" | "region";
}

/** LSP's DocumentHighlightKind: 1 text, 2 read, 3 write. */
export interface LspDocumentHighlight {
  readonly range: LspRange;
  readonly kind: 1 | 2 | 3;
}

export interface LspAnnotatedTextEdit extends LspTextEdit {
  readonly annotationId?: string;
}

export interface LspWorkspaceEdit {
  readonly documentChanges: readonly {
    readonly textDocument: { readonly uri: string; readonly version: number | null };
    readonly edits: readonly LspAnnotatedTextEdit[];
  }[];
  readonly changeAnnotations?: Readonly<
    Record<string, { readonly label: string; readonly description?: string; readonly needsConfirmation?: boolean }>
  >;
}

export interface LspCodeAction {
  readonly title: string;
  readonly kind: "quickfix";
  readonly diagnostics?: LspDiagnostic[];
  readonly isPreferred?: boolean;
  readonly edit: LspWorkspaceEdit;
}

/** prepareRename's answer: what can be renamed here, or why nothing can. */
export type PrepareRenameAnswer =
  | { readonly range: LspRange; readonly placeholder: string }
  | { readonly reason: string };

/** rename's answer: the edit, or why the new name cannot be used. */
export type RenameAnswer = { readonly edit: LspWorkspaceEdit } | { readonly reason: string };
