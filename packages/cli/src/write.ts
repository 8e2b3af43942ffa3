import { randomBytes } from "node:crypto";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import * as path from "node:path";

/**
 * Write `text` (UTF-8) to `file` so that readers see either the old content
 * or the whole new content, never a part: the text goes to a temporary file
 * in the same folder (same file system, so the rename is atomic), is flushed
 * to disk, and is then renamed over the target. On any failure the temporary
 * file is removed and the target is untouched. Missing parent folders are
 * created; an existing file keeps its permissions.
 */
export async function writeFileAtomic(
  file: string,
  text: string,
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  // `.flowc-tmp-*` is in .gitignore, in case a crash leaves one behind.
  const temp = path.join(
    dir,
    `.flowc-tmp-${path.basename(file)}-${process.pid}-${randomBytes(6).toString("hex")}`,
  );
  let mode: number | null = null;
  try {
    mode = (await stat(file)).mode & 0o7777;
  } catch {
    // A new file: default permissions (less the umask).
  }
  let done = false;
  try {
    const handle = await open(temp, "wx");
    try {
      if (mode !== null) await handle.chmod(mode);
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    done = true;
  } finally {
    if (!done) await unlink(temp).catch(() => undefined);
  }
}
