import { lstat, readdir, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { isInside, isSkippedName } from "./paths.js";

/** A flow under the studio's folder: its path there (`/` separators) and its modification time (ms). */
export interface FlowFile {
  readonly path: string;
  readonly mtime: number;
}

/**
 * Every `.flow` file under `root` (a real path), sorted by path. Skips
 * hidden entries and `node_modules` (as `flowc check` does), follows a
 * symbolic link only when it leads inside `root`, and cuts link loops by
 * remembering the real folders visited. An explicit stack, not recursion:
 * folder trees can be deep. Entries that vanish or cannot be read while
 * listing are left out rather than failing the whole list.
 */
export async function listFlows(root: string): Promise<FlowFile[]> {
  const found: FlowFile[] = [];
  const visited = new Set<string>([root]);
  const stack: string[] = [""];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const names = await readdir(rel === "" ? root : path.join(root, rel)).catch(() => [] as string[]);
    for (const name of names) {
      if (isSkippedName(name)) continue;
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const absolute = path.join(root, childRel);
      try {
        const entry = await lstat(absolute);
        let info = entry;
        if (entry.isSymbolicLink()) {
          const real = await realpath(absolute);
          if (!isInside(real, root)) continue;
          info = await stat(real);
          if (info.isDirectory()) {
            if (visited.has(real)) continue;
            visited.add(real);
          }
        }
        if (info.isDirectory()) stack.push(childRel);
        else if (info.isFile() && name.endsWith(".flow") && name !== ".flow")
          found.push({ path: childRel, mtime: info.mtimeMs });
      } catch {
        // A dangling link or an entry removed meanwhile: not a flow.
      }
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
