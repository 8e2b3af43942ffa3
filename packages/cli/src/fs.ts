import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  realpath,
  rename,
  stat,
  unlink,
} from "node:fs/promises";
import * as path from "node:path";
import { UsageError } from "./errors.js";
import type { CliIO } from "./io.js";

/**
 * Everything flowc does with the file system: finding `.flow` files under
 * the paths given, reading them (and standard input), and writing outputs
 * atomically. Problems with paths are `UsageError`s (exit status 2) that say
 * the path and a plain reason.
 */

/** A `.flow` file found from the command line. */
export interface FlowPath {
  /** The name shown to the user: as given on the command line, or the folder as given + the path under it; `<stdin>` for `-`. */
  readonly file: string;
  /** Absolute path, for the file system ("" for standard input). */
  readonly path: string;
}

/** A `.flow` file and its text (UTF-8 decoded; the compiler strips a BOM and normalises). */
export interface FlowSource extends FlowPath {
  /** The text; when the file is not valid UTF-8, only the part before the first bad byte. */
  readonly text: string;
  /** Set when the file is not valid UTF-8: the offset in `text` where the first bad byte was (its end). */
  readonly invalidUtf8?: number;
}

/**
 * The largest flow source flowc reads (file or standard input). A content
 * editor's flow is kilobytes; the biggest generated flows tested are a few
 * megabytes. Past this, the file is a usage problem (status 2), never read:
 * memory stays bounded whatever is passed in.
 */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

/** The name standard input is shown under. */
export const STDIN = "<stdin>";
const FLOW_EXTENSION = ".flow";

export interface FindOptions {
  /** A path that yields no `.flow` file is fine (otherwise a usage error). */
  readonly allowEmpty?: boolean;
}

/**
 * The `.flow` files named by `paths` (default `.`): a file is taken as given
 * (whatever its extension), `-` is standard input, a folder is searched
 * recursively for `*.flow`, skipping dot-folders and `node_modules`, and
 * never leaving the folders given through a symbolic link. Order is
 * deterministic: the arguments in the order given, each folder's entries
 * sorted by name; a file reached twice is listed once. Every missing or
 * unreadable path, and every path that yields no file (unless
 * `allowEmpty`), is collected and reported together as one `UsageError`.
 */
export async function findFlowFiles(
  io: CliIO,
  paths: readonly string[],
  options: FindOptions = {},
): Promise<FlowPath[]> {
  const args = paths.length === 0 ? ["."] : paths;
  const problems: string[] = [];
  const found: FlowPath[] = [];
  const seen = new Set<string>();
  // Files met under the current argument, counted even when already listed through another one.
  let met = 0;
  const add = async (file: string, absolute: string): Promise<boolean> => {
    met++;
    const real = await realpath(absolute).catch(() => absolute);
    if (seen.has(real)) return false;
    seen.add(real);
    found.push({ file, path: absolute });
    return true;
  };
  // A link inside a folder given may lead anywhere in it, or in another folder given, but not out.
  const roots: string[] = [];
  for (const arg of args) {
    if (arg === "-") continue;
    const absolute = path.resolve(io.cwd, arg);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) roots.push(await realpath(absolute));
  }
  for (const arg of args) {
    if (arg === "-") {
      if (!seen.has(STDIN)) {
        seen.add(STDIN);
        found.push({ file: STDIN, path: "" });
      }
      continue;
    }
    const absolute = path.resolve(io.cwd, arg);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      problems.push(`${arg}: ${describeFsError(error)}`);
      continue;
    }
    met = 0;
    if (info.isDirectory()) {
      await walk(arg, absolute, roots, add, problems);
      if (met === 0 && options.allowEmpty !== true)
        problems.push(
          `${arg}: no .flow files in this folder (give --allow-empty if that is expected)`,
        );
    } else if (info.isFile()) {
      await add(arg, absolute);
    } else {
      problems.push(`${arg}: not a file or folder`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return found;
}

/**
 * Find and read every file. A file that is not UTF-8 is still returned (see
 * `invalidUtf8`): the checker reports it and goes on with the others. Other
 * read problems are reported together as one `UsageError`.
 */
export async function readFlowFiles(
  io: CliIO,
  paths: readonly string[],
  options: FindOptions = {},
): Promise<FlowSource[]> {
  const files = await findFlowFiles(io, paths, options);
  const problems: string[] = [];
  const sources: FlowSource[] = [];
  for (const f of files) {
    try {
      const bytes =
        f.file === STDIN ? await readStdin(io) : await readSource(f.path);
      sources.push({ ...f, ...decodeUtf8(bytes) });
    } catch (error) {
      problems.push(
        `${f.file}: ${error instanceof UsageError ? error.message : describeFsError(error)}`,
      );
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return sources;
}

/** Read one file named on the command line (for `graph FILE`, `run FILE`; `-` is standard input); a folder is a usage error, and so is text that is not UTF-8. */
export async function readFlowFile(
  io: CliIO,
  file: string,
): Promise<FlowSource> {
  let source: FlowSource;
  if (file === "-") {
    source = { file: STDIN, path: "", ...decodeUtf8(await readStdin(io)) };
  } else {
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
      source = {
        file,
        path: absolute,
        ...decodeUtf8(await readSource(absolute)),
      };
    } catch (error) {
      if (error instanceof UsageError)
        throw new UsageError(`${file}: ${error.message}`);
      throw new UsageError(`${file}: ${describeFsError(error)}`);
    }
  }
  if (source.invalidUtf8 !== undefined) {
    throw new UsageError(
      `${source.file}: is not UTF-8 text (${notUtf8Where(source)}; save it as UTF-8)`,
    );
  }
  return source;
}

/** `line 3, column 7`: where the first byte that is not UTF-8 is (column in characters). */
export function notUtf8Where(source: FlowSource): string {
  const before = source.text.slice(0, source.invalidUtf8);
  const lineStart = before.lastIndexOf("\n") + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (before.charCodeAt(i) === 10) line++;
  const column = [...before.slice(lineStart)].length + 1;
  return `line ${line}, column ${column}`;
}

function tooLarge(): UsageError {
  return new UsageError(
    `is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB, the most flowc reads from one flow file; split the flow`,
  );
}

/** A source file's bytes; past MAX_SOURCE_BYTES it is refused unread. */
async function readSource(absolute: string): Promise<Buffer> {
  const handle = await open(absolute, "r");
  try {
    if ((await handle.stat()).size > MAX_SOURCE_BYTES) throw tooLarge();
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function readStdin(io: CliIO): Promise<Buffer> {
  if (io.stdin === undefined)
    throw new UsageError("-: there is no standard input to read a flow from");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const bytes =
      typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_SOURCE_BYTES) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The text; when the bytes are not UTF-8, the text before the first bad byte and where it is. */
function decodeUtf8(bytes: Uint8Array): { text: string; invalidUtf8?: number } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const text = decoder.decode(bytes.subarray(0, validUtf8Prefix(bytes)));
    return { text, invalidUtf8: text.length };
  }
}

/** The length of the longest prefix of `bytes` that is well-formed UTF-8. */
function validUtf8Prefix(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return i;
}

/**
 * Depth-first in name order, so the files come out sorted by their path
 * segment by segment (`a/b.flow` before `a-b.flow` before `b.flow`). An
 * explicit stack, not recursion: folder trees can be deep. A symbolic link
 * is followed only when it leads inside one of the folders given (`roots`,
 * real paths): a link to `/proc/self/environ` or `~/.ssh` is not read. A
 * link loop is cut by remembering real paths.
 */
async function walk(
  rootArg: string,
  rootAbsolute: string,
  roots: readonly string[],
  add: (file: string, absolute: string) => Promise<boolean>,
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
      const link = await lstat(absolute);
      if (link.isSymbolicLink()) {
        const real = await realpath(absolute);
        if (!roots.some((root) => isInside(real, root))) continue;
      }
      info = link.isSymbolicLink() ? await stat(absolute) : link;
    } catch {
      // A dangling symbolic link (an editor's lock file, say) is not a flow.
      continue;
    }
    if (info.isDirectory()) {
      if (!name.startsWith(".") && name !== "node_modules") await open(rel);
    } else if (info.isFile() && name.endsWith(FLOW_EXTENSION)) {
      await add(shown(rel), absolute);
    }
  }
}

/** Whether `file` is `folder` or under it (both absolute and normalised). */
export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function joinShown(folder: string, rel: string): string {
  return folder.endsWith("/") ? folder + rel : `${folder}/${rel}`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Writing

/** The most of an old output read to see whether it changed: past this, it is rewritten. */
const MAX_COMPARED_BYTES = 64 * 1024 * 1024;

/**
 * The text of `file` when it is a regular file (not a link, pipe or device)
 * of at most `maxBytes` bytes, else null: `flowc build` compares a new
 * output with the old one only to avoid waking file watchers, so anything
 * else is simply rewritten. Opened without following links and without
 * blocking, then checked, so a named pipe never hangs the build and a link
 * to /dev/zero is never read.
 */
export async function readRegularFile(
  file: string,
  maxBytes = MAX_COMPARED_BYTES,
): Promise<string | null> {
  let handle;
  try {
    handle = await open(
      file,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return null;
    return await handle.readFile("utf8");
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

export interface WriteOptions {
  /**
   * What to do when `file` is a symbolic link whose target lies inside the
   * link's own folder: `replace` the link by a regular file (the default,
   * for outputs), or write the text `through` it to its target, keeping the
   * link (for `flowc fmt`, which formats a linked source where it lives).
   * A link that leads out of its folder is an error (code `ELINKOUT`) either
   * way: never followed, never silently replaced.
   */
  readonly link?: "replace" | "through";
}

/**
 * Write `text` (a string as UTF-8, or bytes) to `file` so that readers see either the old content
 * or the whole new content, never a part: the text goes to a temporary file
 * in the same folder (same file system, so the rename is atomic), is flushed
 * to disk, and is then renamed over the target. On any failure the temporary
 * file is removed and the target is untouched. Missing parent folders are
 * created.
 *
 * Permissions: a new file is 0644 less the umask; an existing regular file
 * keeps its read/write/execute bits (never setuid, setgid or sticky) and,
 * where the system allows, its owner. Anything else in the way (a pipe, a
 * device, a link being replaced) is replaced by a new file: its bits are
 * never copied.
 */
export async function writeFileAtomic(
  file: string,
  text: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  let target = file;
  const entry = await lstat(file).catch(() => null);
  if (entry?.isSymbolicLink()) {
    const to = await linkTarget(file);
    if (!isInside(to, await realpath(dir))) {
      const error: NodeJS.ErrnoException = new Error(
        `${file} is a symbolic link out of its folder`,
      );
      error.code = "ELINKOUT";
      throw error;
    }
    if (options.link === "through") target = to;
  }
  const existing = await lstat(target).catch(() => null);
  const keep = existing?.isFile() === true ? existing : null;
  const targetDir = path.dirname(target);
  // `.flowc-tmp-*` is in .gitignore, in case a crash leaves one behind.
  const temp = path.join(
    targetDir,
    `.flowc-tmp-${path.basename(target)}-${process.pid}-${randomBytes(6).toString("hex")}`,
  );
  let done = false;
  try {
    // O_EXCL: the temporary name is never a link planted by someone else. The umask applies to 0644.
    const handle = await open(temp, "wx", 0o644);
    try {
      if (keep !== null) {
        await handle.chmod(keep.mode & 0o777);
        if (keep.uid !== process.getuid?.() || keep.gid !== process.getgid?.())
          await handle.chown(keep.uid, keep.gid).catch(() => undefined);
      }
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    done = true;
  } finally {
    if (!done) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Why `file` cannot be written by writeFileAtomic, when that can be known
 * before writing (it is a symbolic link out of its folder), or null. Lets a
 * command refuse before it writes anything.
 */
export async function unwritable(file: string): Promise<string | null> {
  const entry = await lstat(file).catch(() => null);
  if (entry === null || !entry.isSymbolicLink()) return null;
  const dir = await realpath(path.dirname(file)).catch(() => null);
  if (dir === null) return null;
  return isInside(await linkTarget(file).catch(() => ""), dir)
    ? null
    : describeFsError({ code: "ELINKOUT" });
}

/** Where a symbolic link leads, absolute (its real path; for a dangling link, its text resolved). */
async function linkTarget(link: string): Promise<string> {
  try {
    return await realpath(link);
  } catch {
    const to = await readlink(link);
    return path.resolve(await realpath(path.dirname(link)), to);
  }
}

/** writeFileAtomic for an output: a failure is a file-system problem (status 2), said plainly. */
export async function writeOut(
  absolute: string,
  shown: string,
  text: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  try {
    await writeFileAtomic(absolute, text, options);
  } catch (error) {
    throw new UsageError(`${shown}: cannot write: ${describeFsError(error)}`);
  }
}

/** A short, human reason for a Node file-system error. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a folder, not a file";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "ELOOP":
      return "too many symbolic links (a link loop?)";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    case "EEXIST":
      return "a file is in the way (a folder was expected)";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EROFS":
      return "the file system is read-only";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELINKOUT":
      return "is a symbolic link to a place outside its folder; flowc does not write through it (remove the link, or write somewhere else)";
    default:
      return code !== undefined
        ? `failed (${code})`
        : String((error as Error)?.message ?? error);
  }
}
