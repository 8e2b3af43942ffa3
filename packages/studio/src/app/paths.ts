import { h } from "@flowc/views";
import type { PathSummary } from "./analysis-types.js";

/** The paths tab: every way through the flow (as `flowc paths`), each a button that plays it in the preview. */
export function renderPaths(
  root: HTMLElement,
  paths: readonly PathSummary[],
  truncated: boolean,
  onPlay: (path: PathSummary) => void,
): void {
  const END: Record<string, string> = {
    finish: "ends",
    loop: "comes back to an earlier question",
    "missing-node": "jumps to a missing node",
    "jump-loop": "jumps round in a circle",
    "no-options": "stops at a question with no options",
    "no-case": "reaches a match with no case for its value",
  };
  root.replaceChildren(
    ...[h("p", { class: "muted small" }, `${paths.length}${truncated ? "+" : ""} path${paths.length === 1 ? "" : "s"} through the flow. Click one to play it.`),
    h(
      "ol",
      { class: "path-list" },
      paths.map((p, i) => {
        const button = h(
          "button",
          { type: "button", class: "path", "data-path": i },
          h("span", { class: "path-choices" }, p.summary.length > 0 ? p.summary.join(" → ") : "(no questions)"),
          h("span", { class: `path-end ${p.end}` }, END[p.end] ?? p.end),
        );
        button.addEventListener("click", () => onPlay(p));
        return h("li", {}, button);
      }),
    ),
    truncated ? h("p", { class: "muted small" }, "More paths than shown: `flowc paths` lists them all.") : null].filter(
      (e) => e !== null,
    ),
  );
}
