import type { FlowFile } from "./types.js";

/** A file with nothing in it, `length` characters long (text the parser gave up on, or none). */
export function emptyFile(length = 0): FlowFile {
  return {
    kind: "File",
    header: null,
    inputs: [],
    entry: [],
    nodes: [],
    comments: [],
    span: { start: 0, end: length },
  };
}
