import { readdir, readFile, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { describeFsError, UsageError } from "./errors.js";
import type { CliIO } from "./io.js";

/** A `.flow` file found from the command line. */
export interface FlowPath {
  /** The name shown to the user: as given on the command line, or the folder as given + the path under it. */
  readonly file: string;
  /** Absolute path, for the file system. */
  readonly path: string;
}

/** A `.flow` file and its text (UTF-8 decoded; the compiler strips a BOM and normalises). */
export interface FlowSource extends FlowPath {
  readonly text: string;
}

const FLOW_EXTENSION = ".flow";

/**
 * The `.flow` files named by `paths` (default `.`): a file is taken as given
 * (whatever its extension), a folder is searched recursively for `*.flow`,
 * skipping dot-folders and `node_modules`. Order is deterministic: the
 * arguments in the order given, each folder's entries sorted by name; a file
 * reached twice is listed once. Every missing or unreadable path is collected
 * and reported together as one `UsageError`.
 */
export async function findFlowFiles(
  io: CliIO,
  paths: readonly string[],
): Promise<FlowPath[]> {
  const args = paths.length === 0 ? ["."] : paths;
  const problems: string[] = [];
  const found: FlowPath[] = [];
  const seen = new Set<string>();
  const add = (file: string, absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    found.push({ file, path: absolute });
  };
  for (const arg of args) {
    const absolute = path.resolve(io.cwd, arg);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      problems.push(`${arg}: ${describeFsError(error)}`);
      continue;
    }
    if (info.isDirectory()) {
      await walk(arg, absolute, add, problems);
    } else if (info.isFile()) {
      add(arg, absolute);
    } else {
      problems.push(`${arg}: not a file or folder`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return found;
}

/** Find and read every file; all problems are reported together as one `UsageError`. */
export async function readFlowFiles(
  io: CliIO,
  paths: readonly string[],
): Promise<FlowSource[]> {
  const files = await findFlowFiles(io, paths);
  const problems: string[] = [];
  const sources: FlowSource[] = [];
  for (const f of files) {
    try {
      sources.push({ ...f, text: await readUtf8(f.path) });
    } catch (error) {
      problems.push(
        `${f.file}: ${error instanceof UsageError ? error.message : describeFsError(error)}`,
      );
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return sources;
}

/** Read one file named on the command line (for `graph FILE`, `run FILE`); a folder is a usage error. */
export async function readFlowFile(
  io: CliIO,
  file: string,
): Promise<FlowSource> {
  const absolute = path.resolve(io.cwd, file);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new UsageError(`${file}: ${describeFsError(error)}`);
  }
  if (info.isDirectory())
    throw new UsageError(`${file}: is a folder; give a .flow file`);
  if (!info.isFile()) throw new UsageError(`${file}: not a file`);
  try {
    return { file, path: absolute, text: await readUtf8(absolute) };
  } catch (error) {
    throw new UsageError(
      `${file}: ${error instanceof UsageError ? error.message : describeFsError(error)}`,
    );
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The file's text; bytes that are not UTF-8 are a usage error rather than silent `�`s. */
async function readUtf8(absolute: string): Promise<string> {
  const bytes = await readFile(absolute);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UsageError("is not UTF-8 text (save it as UTF-8)");
  }
}

/**
 * Depth-first in name order, so the files come out sorted by their path
 * segment by segment (`a/b.flow` before `a-b.flow` before `b.flow`). An
 * explicit stack, not recursion: folder trees can be deep. Symbolic links to
 * folders are followed; a link loop is cut by remembering real paths.
 */
async function walk(
  rootArg: string,
  rootAbsolute: string,
  add: (file: string, absolute: string) => void,
  problems: string[],
): Promise<void> {
  const shown = (rel: string) =>
    rootArg === "." || rootArg === "./" ? rel : joinShown(rootArg, rel);
  const visited = new Set<string>();
  // Each frame: a folder (relative to the root, "" for the root) and its entries still to visit.
  const stack: { rel: string; names: string[]; next: number }[] = [];
  const open = async (rel: string) => {
    const dir = rel === "" ? rootAbsolute : path.join(rootAbsolute, rel);
    try {
      const real = await realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      stack.push({
        rel,
        names: (await readdir(dir)).sort(byCodeUnit),
        next: 0,
      });
    } catch (error) {
      problems.push(
        `${rel === "" ? rootArg : shown(rel)}: ${describeFsError(error)}`,
      );
    }
  };
  await open("");
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.names.length) {
      stack.pop();
      continue;
    }
    const name = top.names[top.next++]!;
    const rel = top.rel === "" ? name : `${top.rel}/${name}`;
    const absolute = path.join(rootAbsolute, rel);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      // A dangling symbolic link (an editor's lock file, say) is not a flow.
      continue;
    }
    if (info.isDirectory()) {
      if (!name.startsWith(".") && name !== "node_modules") await open(rel);
    } else if (info.isFile() && name.endsWith(FLOW_EXTENSION)) {
      add(shown(rel), absolute);
    }
  }
}

function joinShown(folder: string, rel: string): string {
  return folder.endsWith("/") ? folder + rel : `${folder}/${rel}`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
