/**
 * A problem with how flowc was called or with the file system (no such file,
 * unreadable path, a folder where a file is needed). Thrown by commands and
 * helpers, caught once in `runCli`: each message is printed on stderr as
 * `flowc: <message>` and the exit status is 2. Anything else that reaches
 * `runCli` is a bug in flowc and is reported as an internal error.
 */
export class UsageError extends Error {
  readonly messages: readonly string[];

  constructor(messages: string | readonly string[]) {
    const list = typeof messages === "string" ? [messages] : [...messages];
    super(list.join("\n"));
    this.name = "UsageError";
    this.messages = list;
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
    default:
      return code !== undefined
        ? `cannot be read (${code})`
        : String((error as Error)?.message ?? error);
  }
}
