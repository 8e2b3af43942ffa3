import type { Place } from "./analysis-types.js";

/**
 * The diagram tab: the flow's Mermaid chart (`flowc graph`'s, problems in red
 * and orange) drawn by Mermaid, which is loaded the first time the tab is
 * shown and works offline. A click on a question or a node moves the editor's
 * cursor to it; the question under the cursor is outlined.
 */
export interface DiagramEvents {
  /** An element was clicked: the place it comes from. */
  onPick(place: Place): void;
}

/** Mermaid text longer than this is drawn only on request. */
const BIG = 60_000;

type Mermaid = (typeof import("mermaid"))["default"];
let mermaidLoading: Promise<Mermaid> | null = null;

function loadMermaid(): Promise<Mermaid> {
  mermaidLoading ??= import("mermaid").then(({ default: mermaid }) => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "neutral",
      // A big flow is a big chart: drawn, not refused.
      maxTextSize: 5_000_000,
      maxEdges: 50_000,
      flowchart: { htmlLabels: false, useMaxWidth: false },
    });
    return mermaid;
  });
  return mermaidLoading;
}

export class Diagram {
  private text = "";
  private drawn = "";
  private places = new Map<string, Place>();
  private current: string | null = null;
  private visible = false;
  private drawing: Promise<void> | null = null;
  private counter = 0;
  /** The author asked for a big diagram to be drawn anyway. */
  private drawBig = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly events: DiagramEvents,
  ) {
    root.addEventListener("click", (event) => {
      const node = (event.target as Element).closest<SVGGElement>("g.node");
      const place = node && this.places.get(elementId(node));
      if (place) this.events.onPick(place);
    });
  }

  update(mermaidText: string, places: readonly Place[]): void {
    this.text = mermaidText;
    this.places = new Map(places.map((p) => [p.id, p]));
    if (this.visible) void this.draw();
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (visible) void this.draw();
  }

  /** Outline the element of the place that holds `offset` (the cursor), if any. */
  highlightAt(offset: number): void {
    let best: Place | null = null;
    for (const p of this.places.values()) {
      if (p.kind !== "ask" || offset < p.from || offset > p.to) continue;
      if (best === null || p.from >= best.from) best = p;
    }
    this.setCurrent(best?.id ?? null);
  }

  /** Outline the question with this ask id (the preview's current question). */
  private setCurrent(id: string | null): void {
    this.current = id;
    for (const node of this.root.querySelectorAll("g.node")) {
      node.classList.toggle("current", elementId(node) === id);
    }
  }

  private async draw(): Promise<void> {
    // One drawing at a time; when it ends, draw again if the text moved on.
    if (this.drawing !== null) return;
    if (this.text.length > BIG && !this.drawBig && this.text !== this.drawn) {
      // Laying out hundreds of questions keeps the page busy for seconds: only when asked.
      const draw = document.createElement("button");
      draw.type = "button";
      draw.className = "button";
      draw.textContent = `Draw it anyway (${this.places.size} places; it takes a while)`;
      draw.addEventListener("click", () => {
        this.drawBig = true;
        void this.draw();
      });
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = "This flow is big: its diagram is not drawn as you type. `flowc graph` makes it as a file.";
      this.root.replaceChildren(note, draw);
      return;
    }
    while (this.text !== this.drawn && this.visible) {
      const text = this.text;
      this.drawing = (async () => {
        this.root.setAttribute("aria-busy", "true");
        try {
          const mermaid = await loadMermaid();
          const { svg } = await mermaid.render(`flow-diagram-${++this.counter}`, text);
          this.root.innerHTML = svg;
        } catch (error) {
          this.root.textContent = `The diagram could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
        }
        this.drawn = text;
        this.root.removeAttribute("aria-busy");
        for (const node of this.root.querySelectorAll("g.node")) {
          const id = elementId(node);
          node.setAttribute("data-element", id);
          if (this.places.has(id)) node.classList.add("clickable");
        }
        this.setCurrent(this.current);
      })();
      await this.drawing;
      this.drawing = null;
    }
  }
}

/** The flow's element id of a Mermaid node (its SVG id is `<diagram>-flowchart-<element>-<n>`). */
function elementId(node: Element): string {
  return node.getAttribute("data-element") ?? /-flowchart-(.+)-\d+$/.exec(node.id)?.[1] ?? "";
}
