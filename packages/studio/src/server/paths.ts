import { lstat, readlink, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { StudioRequestError } from "./errors.js";

/**
 * Which paths the studio accepts from the browser, and where they lead on
 * disk. A flow path is relative to the studio's folder, with `/` between
 * segments, names a `.flow` file, and stays inside the folder: every
 * segment is checked as text first (no `..`, no absolute path, no NUL, no
 * backslash, no hidden or `node_modules` segment — the same folders the
 * listing skips), then the file's real path is checked against the folder's
 * real path, so a symbolic link that leads outside is refused too.
 */

const FLOW_EXTENSION = ".flow";
/** Longer than any sensible flow path, short enough that a silly one is refused unread. */
const MAX_PATH_LENGTH = 1024;

/** Whether `file` is `folder` or under it (both absolute and normalised). */
export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Whether the listing and the API skip a file or folder of this name. */
export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** The segments of a flow path given by the browser, or a 400 saying what is wrong with it. */
export function flowPathSegments(rel: string | null): string[] {
  const bad = (why: string) => new StudioRequestError(400, "bad-path", `${why}: ${JSON.stringify(rel)}`);
  if (rel === null || rel === "") throw new StudioRequestError(400, "bad-path", "give the file as ?path=name.flow");
  if (rel.length > MAX_PATH_LENGTH) throw bad("the path is too long");
  if (rel.includes("\0")) throw bad("a path may not contain a NUL character");
  if (rel.includes("\\")) throw bad("use / between folders, not \\");
  if (rel.startsWith("/") || /^[A-Za-z]:/.test(rel) || path.isAbsolute(rel))
    throw bad("give a path relative to the studio's folder, not an absolute one");
  const segments = rel.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..")
      throw bad("a path may not contain empty, `.` or `..` segments");
    if (isSkippedName(segment)) throw bad("hidden files and folders (and node_modules) are not served");
  }
  const last = segments[segments.length - 1]!;
  if (!last.endsWith(FLOW_EXTENSION) || last.length === FLOW_EXTENSION.length)
    throw bad("only .flow files are served");
  return segments;
}

/** Where a symbolic link leads, absolute (its real path; for a dangling link, its text resolved). */
async function linkTarget(link: string): Promise<string> {
  try {
    return await realpath(link);
  } catch {
    return path.resolve(await realpath(path.dirname(link)), await readlink(link));
  }
}

const outside = () =>
  new StudioRequestError(403, "outside-folder", "this path leads outside the studio's folder (through a symbolic link)");
const notFound = (rel: string) => new StudioRequestError(404, "not-found", `no such flow: ${rel}`);

/**
 * The real path of an existing flow file under `root` (a real path), for
 * reading. 404 when there is no such file, 403 when it is a link out.
 */
export async function existingFlow(root: string, rel: string | null): Promise<{ rel: string; file: string }> {
  const segments = flowPathSegments(rel);
  const joined = segments.join("/");
  const absolute = path.join(root, ...segments);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    if (await lstat(absolute).then((s) => s.isSymbolicLink(), () => false)) {
      // A dangling link: say whether it would lead out, rather than "not found".
      if (!isInside(await linkTarget(absolute), root)) throw outside();
    }
    if (!isMissing(error)) throw error;
    await checkFolders(root, absolute, joined);
    throw notFound(joined);
  }
  if (!isInside(real, root)) throw outside();
  if (!(await stat(real)).isFile()) throw notFound(joined);
  return { rel: joined, file: real };
}

/**
 * Where a write of `rel` goes: the path to write (the link itself when the
 * file is a link inside the folder; the writer writes through it), and the
 * current modification time, or null when there is no file yet. Every
 * folder on the way that exists must really be inside `root`.
 */
export async function writableFlow(
  root: string,
  rel: string | null,
): Promise<{ rel: string; file: string; mtime: number | null }> {
  const segments = flowPathSegments(rel);
  const joined = segments.join("/");
  const absolute = path.join(root, ...segments);
  await checkFolders(root, absolute, joined);
  const entry = await lstat(absolute).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
  if (entry === null) return { rel: joined, file: absolute, mtime: null };
  if (entry.isSymbolicLink() && !isInside(await linkTarget(absolute), root)) throw outside();
  const info = await stat(absolute).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
  if (info === null) return { rel: joined, file: absolute, mtime: null };
  if (!info.isFile()) throw new StudioRequestError(400, "bad-path", `not a file: ${joined}`);
  return { rel: joined, file: absolute, mtime: info.mtimeMs };
}

/**
 * The deepest folder on the way to `absolute` that exists (where new
 * folders would be made) must really be inside `root`, and be a folder.
 */
async function checkFolders(root: string, absolute: string, rel: string): Promise<void> {
  let folder = path.dirname(absolute);
  for (;;) {
    const real = await realpath(folder).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
    if (real !== null) {
      if (!isInside(real, root)) throw outside();
      if (!(await stat(real)).isDirectory())
        throw new StudioRequestError(400, "bad-path", `a part of the path is a file, not a folder: ${rel}`);
      return;
    }
    folder = path.dirname(folder);
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
