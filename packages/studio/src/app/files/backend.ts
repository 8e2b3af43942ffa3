/**
 * Where the studio's flows live, as the app sees it. Two implementations:
 * `server-backend.ts` (the HTTP API of `flowc studio`, for the files of the
 * folder it serves) and `browser-backend.ts` (the static "try it" page: the
 * browser opens and saves files itself). `createBackend()` in `index.ts`
 * picks the one the build was made for.
 */
export interface FileBackend {
  readonly kind: "server" | "browser";
  /** Every flow there is, sorted by path (`/` between folders). */
  list(): Promise<{ path: string; mtime: number }[]>;
  read(path: string): Promise<{ text: string; mtime: number }>;
  /**
   * Save `text` as `path`. `expectedMtime` is the mtime the text was read
   * with (null: a new file). Rejects with `ChangedOnDiskError` when the file
   * is not that one any more (changed, deleted, or — for a new file — already
   * there): the app asks the user before overwriting.
   */
  write(path: string, text: string, expectedMtime: number | null): Promise<{ mtime: number }>;
  /** Call `cb` when a flow changes outside the app (mtime null: deleted); returns the unsubscribe. */
  onChange(cb: (path: string, mtime: number | null) => void): () => void;
  /**
   * The browser backend only: let the user pick flows (a folder where the
   * browser can, else files) and add them to `list()`. Resolves to the paths
   * added ([] when the user cancels). Must be called from a click.
   */
  readonly open?: () => Promise<string[]>;
}

/** A request the backend could not do, with a code the app can act on and a sentence it can show. */
export class FileBackendError extends Error {
  constructor(
    /** `bad-token`, `bad-path`, `not-found`, `outside-folder`, `too-large`, `network`, … */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FileBackendError";
  }
}

/** The file on disk is not the one the editor's text was read from (see `write`). */
export class ChangedOnDiskError extends FileBackendError {
  constructor(
    readonly path: string,
    /** The file's mtime now; null when it does not exist. */
    readonly mtime: number | null,
    message: string,
  ) {
    super("changed-on-disk", message);
    this.name = "ChangedOnDiskError";
  }
}
