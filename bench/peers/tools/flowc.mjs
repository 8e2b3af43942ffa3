/**
 * flowc through its public entry points, as built by `npx tsup`
 * (packages/dsl/dist and packages/runtime/dist via the workspace links).
 */
import { check, compile } from "@flowc/dsl";
import { choose, result, start } from "@flowc/runtime";
import { optionKey } from "../forms.mjs";

const KEYS = [0, 1, 2].map(optionKey);

export const name = "flowc";

/**
 * Compile to JSON text as a library call: compile() gives the text along with
 * the definition (`json`, exactly JSON.stringify of it, made with the hash).
 */
export function compileToJson(source) {
  const compiled = compile(source, "bench.flow");
  if (!compiled.definition) {
    const first = compiled.diagnostics.find((d) => d.severity === "error");
    throw new Error(`flowc rejected the generated flow: ${first?.code} ${first?.message}`);
  }
  return compiled.json;
}

/** `flowc check` as a library call; returns the error count (0 expected). */
export function checkOnly(source) {
  return check(source, "bench.flow").errors;
}

/** What a host does with a compiled flow it has fetched: parse it and start a session. */
export function loadAndStart(json) {
  return start(JSON.parse(json));
}

export function player(json) {
  const flow = JSON.parse(json);
  return {
    starts(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) for (let w = 0; w < walks.length; w++) sink += start(flow).outputs.length;
      return sink;
    },
    walks(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) {
        for (let w = 0; w < walks.length; w++) {
          const walk = walks[w];
          let session = start(flow);
          for (let i = 0; i < walk.length; i++) session = choose(session, KEYS[walk[i]]);
          sink += session.outputs.length;
        }
      }
      return sink;
    },
    finalSays(walk) {
      let session = start(flow);
      for (const k of walk) session = choose(session, KEYS[k]);
      if (session.status !== "done") throw new Error("flowc walk did not finish");
      return result(session).says;
    },
  };
}
