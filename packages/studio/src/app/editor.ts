import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, indentOnInput, indentUnit } from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { searchKeymap } from "@codemirror/search";
import { type ChangeSet, EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { flow } from "./flow-language.js";

/** What the page hears from the editor. */
export interface EditorEvents {
  /** Ctrl+S / Cmd+S. */
  save(): void;
  /** The text changed (typing, undo, a quick fix, a reload): `changes` turn the old text into the new. */
  changed(state: EditorState, changes: ChangeSet): void;
  /** The cursor moved. */
  cursor(offset: number): void;
}

/** One file's editor state: the text, its undo history, and the language server for its URI. */
export function editorState(text: string, language: Extension, events: EditorEvents): EditorState {
  return EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      foldGutter(),
      lintGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      indentUnit.of("  "),
      EditorState.tabSize.of(2),
      // Flow texts are long sentences: wrapped, they are read without scrolling sideways.
      EditorView.lineWrapping,
      flow(),
      language,
      keymap.of([
        { key: "Mod-s", run: () => (events.save(), true), preventDefault: true },
        indentWithTab,
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
        ...lintKeymap,
      ]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) events.changed(update.state, update.changes);
        if (update.selectionSet || update.docChanged) events.cursor(update.state.selection.main.head);
      }),
    ],
  });
}
