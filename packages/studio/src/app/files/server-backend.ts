import { ChangedOnDiskError, type FileBackend, FileBackendError } from "./backend.js";

/**
 * The files of the folder `flowc studio` serves, through its HTTP API
 * (docs/studio.md). The token comes in the page's address (`?token=…`); it
 * is kept for the tab's life in sessionStorage and taken out of the address
 * bar, so a reload still works and the token is not left in screenshots.
 */
const TOKEN_KEY = "flowc-studio-token";

function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get("token");
  if (fromAddress !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromAddress);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(history.state, "", `${location.pathname}${rest === "" ? "" : `?${rest}`}${location.hash}`);
    return fromAddress;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function createServerBackend(): FileBackend {
  const token = takeToken();

  async function call<T>(method: "GET" | "PUT", path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          "X-Flowc-Token": token,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new FileBackendError("network", "The studio server does not answer: is `flowc studio` still running?");
    }
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return payload as T;
    const code = typeof payload.error === "string" ? payload.error : `http-${response.status}`;
    const message = typeof payload.message === "string" ? payload.message : `The server answered ${response.status}.`;
    if (code === "changed-on-disk") {
      const where = new URLSearchParams(path.split("?")[1] ?? "").get("path") ?? "";
      throw new ChangedOnDiskError(where, typeof payload.mtime === "number" ? payload.mtime : null, message);
    }
    throw new FileBackendError(code, message);
  }

  const fileUrl = (path: string) => `/api/file?path=${encodeURIComponent(path)}`;

  const listeners = new Set<(path: string, mtime: number | null) => void>();
  let source: EventSource | null = null;

  return {
    kind: "server",
    async list() {
      return (await call<{ files: { path: string; mtime: number }[] }>("GET", "/api/files")).files;
    },
    async read(path) {
      const file = await call<{ text: string; mtime: number }>("GET", fileUrl(path));
      return { text: file.text, mtime: file.mtime };
    },
    async write(path, text, expectedMtime) {
      const saved = await call<{ mtime: number }>("PUT", fileUrl(path), { text, expectedMtime });
      return { mtime: saved.mtime };
    },
    onChange(cb) {
      listeners.add(cb);
      if (source === null) {
        // One stream for all listeners; EventSource reconnects by itself when it breaks.
        source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
        source.addEventListener("change", (event) => {
          const { path, mtime } = JSON.parse((event as MessageEvent<string>).data) as {
            path: string;
            mtime: number | null;
          };
          for (const listener of listeners) listener(path, mtime);
        });
      }
      return () => {
        listeners.delete(cb);
        if (listeners.size === 0 && source !== null) {
          source.close();
          source = null;
        }
      };
    },
  };
}
