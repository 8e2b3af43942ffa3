/// <reference types="vite/client" />
import type { FileBackend } from "./backend.js";
import { createBrowserBackend } from "./browser-backend.js";
import { createServerBackend } from "./server-backend.js";

export type { FileBackend } from "./backend.js";
export { ChangedOnDiskError, FileBackendError } from "./backend.js";

/**
 * The backend this build was made for: `vite build --mode static` (the "try
 * it" page, `npm run studio:build`) keeps files in the browser; every other
 * build talks to `flowc studio`. The mode is a constant in the bundle, so
 * the backend not chosen is left out of it.
 */
export function createBackend(): FileBackend {
  return import.meta.env.MODE === "static" ? createBrowserBackend() : createServerBackend();
}
