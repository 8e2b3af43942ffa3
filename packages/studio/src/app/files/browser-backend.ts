/// <reference types="vite/client" />
import example from "../../../../../flows/order-status.flow?raw";
import { ChangedOnDiskError, type FileBackend, FileBackendError } from "./backend.js";

/**
 * The files of the static "try it" page (`npm run studio:build`), which has
 * no server: an example flow is there from the start, and the user brings
 * their own through the browser.
 *
 * - Chromium-based browsers have the File System Access API: `open()` picks a
 *   folder (`showDirectoryPicker`) whose flows are then read and saved in
 *   place, new files included; changes made on disk are noticed by looking
 *   at the files' times every few seconds.
 * - Elsewhere `open()` picks files with `<input type=file>`, and saving
 *   downloads the file (the browser cannot write where it came from).
 */

export const EXAMPLE_PATH = "order-status.flow";
const WATCH_INTERVAL_MS = 2000;

// The parts of the File System Access API used here; TypeScript's DOM library lacks the pickers.
interface PickerWindow {
  showDirectoryPicker?: (options?: { mode?: "read" | "readwrite" }) => Promise<FileSystemDirectoryHandle>;
  showOpenFilePicker?: (options?: PickerOptions & { multiple?: boolean }) => Promise<FileSystemFileHandle[]>;
  showSaveFilePicker?: (options?: PickerOptions & { suggestedName?: string }) => Promise<FileSystemFileHandle>;
}
interface PickerOptions {
  types?: { description: string; accept: Record<string, string[]> }[];
}
type DirectoryWithEntries = FileSystemDirectoryHandle & {
  entries(): AsyncIterable<[string, FileSystemFileHandle | FileSystemDirectoryHandle]>;
};

const FLOW_TYPES: PickerOptions["types"] = [{ description: "Flows", accept: { "text/plain": [".flow"] } }];

interface Entry {
  text: string;
  mtime: number;
  /** The file on disk, when the browser gave one; null: only in the page (the example, or an <input> file). */
  handle: FileSystemFileHandle | null;
}

export function createBrowserBackend(): FileBackend {
  const pickers = window as unknown as PickerWindow;
  const files = new Map<string, Entry>([[EXAMPLE_PATH, { text: example, mtime: Date.now(), handle: null }]]);
  let folder: FileSystemDirectoryHandle | null = null;
  const listeners = new Set<(path: string, mtime: number | null) => void>();
  let watcher: ReturnType<typeof setInterval> | null = null;

  const notify = (path: string, mtime: number | null) => {
    for (const listener of listeners) listener(path, mtime);
  };

  /** Replace what is listed by `added`, telling listeners what went and what came. */
  function replaceAll(added: Map<string, Entry>): string[] {
    for (const path of files.keys()) if (!added.has(path)) notify(path, null);
    files.clear();
    for (const [path, entry] of added) {
      files.set(path, entry);
      notify(path, entry.mtime);
    }
    return [...added.keys()];
  }

  async function openFolder(pick: NonNullable<PickerWindow["showDirectoryPicker"]>): Promise<string[]> {
    const dir = await pick({ mode: "readwrite" });
    const found = new Map<string, Entry>();
    const stack: [string, FileSystemDirectoryHandle][] = [["", dir]];
    while (stack.length > 0) {
      const [prefix, current] = stack.pop()!;
      for await (const [name, handle] of (current as DirectoryWithEntries).entries()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        if (handle.kind === "directory") stack.push([`${prefix}${name}/`, handle as FileSystemDirectoryHandle]);
        else if (name.endsWith(".flow")) {
          const file = await (handle as FileSystemFileHandle).getFile();
          found.set(`${prefix}${name}`, { text: "", mtime: file.lastModified, handle: handle as FileSystemFileHandle });
        }
      }
    }
    folder = dir;
    return replaceAll(new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1))));
  }

  async function openFiles(): Promise<string[]> {
    const added = new Map<string, Entry>();
    if (pickers.showOpenFilePicker !== undefined) {
      for (const handle of await pickers.showOpenFilePicker({ multiple: true, types: FLOW_TYPES })) {
        added.set(handle.name, { text: "", mtime: (await handle.getFile()).lastModified, handle });
      }
    } else {
      for (const file of await pickWithInput()) {
        added.set(file.name, { text: await file.text(), mtime: file.lastModified, handle: null });
      }
    }
    for (const [path, entry] of added) {
      files.set(path, entry);
      notify(path, entry.mtime);
    }
    return [...added.keys()];
  }

  /** Write `text` to a file handle and return its new time. */
  async function writeHandle(handle: FileSystemFileHandle, text: string): Promise<number> {
    const writable = await handle.createWritable();
    await writable.write(text);
    await writable.close();
    return (await handle.getFile()).lastModified;
  }

  /** Where a new file goes: in the open folder (its subfolders made), or wherever the user says. */
  async function newHandle(path: string): Promise<FileSystemFileHandle | null> {
    const segments = path.split("/");
    const name = segments.pop()!;
    if (folder !== null) {
      let dir = folder;
      for (const segment of segments) dir = await dir.getDirectoryHandle(segment, { create: true });
      return dir.getFileHandle(name, { create: true });
    }
    if (pickers.showSaveFilePicker !== undefined)
      return pickers.showSaveFilePicker({ suggestedName: name, types: FLOW_TYPES });
    return null;
  }

  function watch(): void {
    if (watcher !== null) return;
    watcher = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      for (const [path, entry] of files) {
        if (entry.handle === null) continue;
        entry.handle.getFile().then(
          (file) => {
            if (files.get(path) === entry && file.lastModified !== entry.mtime) {
              entry.mtime = file.lastModified;
              notify(path, entry.mtime);
            }
          },
          () => {
            if (files.get(path) === entry) {
              files.delete(path);
              notify(path, null);
            }
          },
        );
      }
    }, WATCH_INTERVAL_MS);
  }

  return {
    kind: "browser",
    async list() {
      return [...files].map(([path, entry]) => ({ path, mtime: entry.mtime }));
    },
    async read(path) {
      const entry = files.get(path);
      if (entry === undefined) throw new FileBackendError("not-found", `No such flow: ${path}`);
      if (entry.handle === null) return { text: entry.text, mtime: entry.mtime };
      const file = await entry.handle.getFile();
      entry.mtime = file.lastModified;
      return { text: await file.text(), mtime: file.lastModified };
    },
    async write(path, text, expectedMtime) {
      const entry = files.get(path);
      if (entry === undefined && expectedMtime !== null)
        throw new ChangedOnDiskError(path, null, `${path} is not there any more`);
      if (entry !== undefined) {
        const now = entry.handle === null ? entry.mtime : (await entry.handle.getFile()).lastModified;
        if (expectedMtime === null) throw new ChangedOnDiskError(path, now, `${path} already exists`);
        if (now !== expectedMtime) throw new ChangedOnDiskError(path, now, `${path} changed on disk since it was opened`);
      }
      const handle = entry?.handle ?? (await newHandle(path).catch(cancelled));
      if (handle === undefined) throw new FileBackendError("cancelled", "Saving was cancelled.");
      let mtime: number;
      if (handle === null) {
        download(path.split("/").pop()!, text);
        // Later than any time this entry had, so the next save's check holds.
        mtime = Math.max(Date.now(), (entry?.mtime ?? 0) + 1);
      } else {
        mtime = await writeHandle(handle, text);
      }
      files.set(path, { text: handle === null ? text : "", mtime, handle });
      return { mtime };
    },
    onChange(cb) {
      listeners.add(cb);
      watch();
      return () => {
        listeners.delete(cb);
        if (listeners.size === 0 && watcher !== null) {
          clearInterval(watcher);
          watcher = null;
        }
      };
    },
    async open() {
      try {
        const pick = pickers.showDirectoryPicker;
        return pick !== undefined ? await openFolder(pick.bind(window)) : await openFiles();
      } catch (error) {
        if (cancelled(error) === undefined) return [];
        throw error;
      }
    },
  };
}

/** undefined for the user's cancel of a picker (AbortError); anything else is thrown again. */
function cancelled(error: unknown): undefined {
  if (error instanceof DOMException && error.name === "AbortError") return undefined;
  throw error;
}

/** Files chosen with a hidden `<input type=file>`; [] when the dialog is closed without a choice. */
function pickWithInput(): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = ".flow";
    input.multiple = true;
    input.addEventListener("change", () => resolve(Array.from(input.files ?? [])));
    input.addEventListener("cancel", () => resolve([]));
    input.click();
  });
}

/** Offer `text` as a download named `name` (the save of a browser without file access). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
