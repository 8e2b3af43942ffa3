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
