import { describeFsError, UsageError } from "./errors.js";
import { writeFileAtomic } from "./write.js";

/** writeFileAtomic for an `--out FILE`: a failure is a file-system problem (status 2), said plainly. */
export async function writeOut(
  absolute: string,
  shown: string,
  text: string,
): Promise<void> {
  try {
    await writeFileAtomic(absolute, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const known = ["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ELOOP", "EEXIST", "ENOSPC", "EDQUOT", "EROFS", "ENAMETOOLONG"];
    const why =
      code !== undefined && !known.includes(code)
        ? `failed (${code})`
        : describeFsError(error);
    throw new UsageError(`${shown}: cannot write: ${why}`);
  }
}
