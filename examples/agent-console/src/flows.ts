import type { FlowDefinition } from "@flowc/runtime";

/**
 * Every flow in the repository's flows/ folder, compiled by @flowc/vite when
 * the app is built: the bundle holds compiled definitions, not the compiler.
 */
const modules = import.meta.glob<FlowDefinition>("../../../flows/*.flow", {
  eager: true,
  import: "default",
});

export interface FlowEntry {
  /** The flow's id (`flow order_status`): saved conversations are keyed by it. */
  readonly id: string;
  readonly title: string;
  /** The file it came from, e.g. `order-status.flow`. */
  readonly file: string;
  readonly definition: FlowDefinition;
}

export const flows: readonly FlowEntry[] = Object.entries(modules)
  .map(([path, definition]) => ({
    id: definition.id,
    title: definition.title ?? definition.id,
    file: path.slice(path.lastIndexOf("/") + 1),
    definition,
  }))
  .sort((a, b) => a.title.localeCompare(b.title, "ru"));
