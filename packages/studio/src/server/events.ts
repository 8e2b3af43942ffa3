import type { ServerResponse } from "node:http";
import { listFlows } from "./files.js";

/**
 * Tells the open pages when a flow changes on disk: Server-Sent Events,
 * `event: change` with `{ "path", "mtime" }` (mtime null when the file is
 * gone). Changes are found by listing the folder every `interval` ms while
 * at least one page listens (polling: it works the same on every system and
 * file system, where fs.watch does not). The server's own writes are not
 * reported: after writing, the server records the new mtime here
 * (`remember`) under the same lock as the polls, so no poll sees it as a
 * change.
 */
export class ChangeEvents {
  private readonly clients = new Set<ServerResponse>();
  private known: Map<string, number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly root: string,
    private readonly interval: number,
    /** Runs `task` alone: no write and no poll at the same time. */
    private readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>,
  ) {}

  /** Start streaming to `res`; it stays open until the page goes or the server closes. */
  async add(res: ServerResponse): Promise<void> {
    if (this.known === null) {
      // What is there now, before the page is told the stream is open: a change made after it is reported.
      const known = await this.exclusive(() => this.snapshot());
      if (this.known === null) this.known = known;
    }
    // The page may have gone while the folder was listed.
    if (res.destroyed) return;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
    });
    // `retry`: how soon the browser reconnects when the stream breaks.
    res.write("retry: 1000\n: connected\n\n");
    this.clients.add(res);
    res.on("close", () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stop();
    });
    if (this.timer === null) {
      this.timer = setInterval(() => void this.poll(), this.interval);
      // A comment line now and then keeps proxies and idle timeouts from closing the stream.
      this.heartbeat = setInterval(() => this.send(": ping\n\n"), 15_000);
    }
  }

  /** The server wrote `path`: its new mtime is known, not a change. */
  remember(path: string, mtime: number): void {
    this.known?.set(path, mtime);
  }

  close(): void {
    this.stop();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = null;
    this.known = null;
  }

  private async snapshot(): Promise<Map<string, number>> {
    return new Map((await listFlows(this.root)).map((f) => [f.path, f.mtime]));
  }

  private polling = false;

  private async poll(): Promise<void> {
    // A slow listing (a huge folder) is not stacked up behind itself.
    if (this.polling) return;
    this.polling = true;
    try {
      await this.exclusive(async () => {
        const before = this.known;
        if (before === null) return;
        const now = await this.snapshot();
        if (this.known !== before) return; // stopped and restarted meanwhile
        for (const [path, mtime] of now) if (before.get(path) !== mtime) this.change(path, mtime);
        for (const path of before.keys()) if (!now.has(path)) this.change(path, null);
        this.known = now;
      });
    } catch {
      // The folder itself went away or cannot be read: nothing to report until it is back.
    } finally {
      this.polling = false;
    }
  }

  private change(path: string, mtime: number | null): void {
    this.send(`event: change\ndata: ${JSON.stringify({ path, mtime })}\n\n`);
  }

  private send(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
