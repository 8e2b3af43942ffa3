/**
 * The three tools, each used as its documentation shows, behind one interface: compile a source to
 * JSON text (not XState: its config is JSON), and a player of walks. flowc: the built packages.
 */
import { compile } from "@flowc/dsl";
import { choose, result, start } from "@flowc/runtime";
import { Compiler, Story } from "inkjs/full";
import { createActor, createMachine } from "xstate";
import { optionKey } from "./forms.mjs";

const KEYS = [0, 1, 2].map(optionKey);
const EVENTS = KEYS.map((type) => ({ type }));

/**
 * A player: `starts(walks, reps)` only starts a session per walk, `walks` plays every walk to its
 * end; `finalSays(walk)` gives the lines a walk ends with, to prove the three forms mean the same.
 */
export const flowc = {
  compileToJson(source) {
    const compiled = compile(source, "bench.flow");
    if (!compiled.definition) {
      const first = compiled.diagnostics.find((d) => d.severity === "error");
      throw new Error(`flowc rejected the generated flow: ${first?.code} ${first?.message}`);
    }
    return compiled.json ?? JSON.stringify(compiled.definition);
  },
  player(json) {
    const flow = JSON.parse(json);
    const play = (walk) => {
      let session = start(flow);
      for (let i = 0; i < walk.length; i++) session = choose(session, KEYS[walk[i]]);
      return session;
    };
    return {
      starts: (walks, reps) => repeat(walks, reps, () => start(flow).outputs.length),
      walks: (walks, reps) => repeat(walks, reps, (walk) => play(walk).outputs.length),
      finalSays(walk) {
        const session = play(walk);
        if (session.status !== "done") throw new Error("flowc walk did not finish");
        return result(session).says;
      },
    };
  },
};

/** inkjs 2: the compiler and player of `inkjs/full` (the same Story as the runtime-only build). */
export const inkjs = {
  compileToJson(source) {
    const compiler = new Compiler(source);
    const story = compiler.Compile();
    if (!story || compiler.errors.length > 0) {
      throw new Error(`ink rejected the generated story: ${compiler.errors.slice(0, 3).join("; ")}`);
    }
    return story.ToJson();
  },
  player(json) {
    // One Story reset per walk, not re-created: ink's cheapest way to replay.
    const story = new Story(json);
    const play = (walk) => {
      story.ResetState();
      let text = story.ContinueMaximally();
      for (let i = 0; i < walk.length; i++) {
        story.ChooseChoiceIndex(walk[i]);
        text = story.ContinueMaximally();
      }
      return text;
    };
    return {
      starts: (walks, reps) => repeat(walks, reps, () => (story.ResetState(), story.ContinueMaximally().length)),
      walks: (walks, reps) => repeat(walks, reps, (walk) => play(walk).length),
      finalSays(walk) {
        const text = play(walk);
        if (story.currentChoices.length > 0) throw new Error("ink walk did not finish");
        return text.split("\n").map((l) => l.trim()).filter(Boolean);
      },
    };
  },
};

/** XState 5: an actor per walk; the finishing lines are the final state's `meta.say`. */
export const xstate = {
  player(json) {
    const machine = createMachine(JSON.parse(json));
    const play = (walk) => {
      const actor = createActor(machine).start();
      for (let i = 0; i < walk.length; i++) actor.send(EVENTS[walk[i]]);
      const snapshot = actor.getSnapshot();
      actor.stop();
      return snapshot;
    };
    const says = (snapshot) => Object.values(snapshot.getMeta()).flatMap((m) => m.say ?? []);
    return {
      starts: (walks, reps) => repeat(walks, reps, () => play([]).status.length),
      // The host reads the finishing lines, as it reads flowc's outputs.
      walks: (walks, reps) => repeat(walks, reps, (walk) => says(play(walk)).length),
      finalSays(walk) {
        const snapshot = play(walk);
        if (snapshot.status !== "done") throw new Error("xstate walk did not finish");
        return says(snapshot);
      },
    };
  },
};

/** Runs `step` on every walk `reps` times; the sum keeps the work from being optimised away. */
function repeat(walks, reps, step) {
  let sink = 0;
  for (let r = 0; r < reps; r++) for (let w = 0; w < walks.length; w++) sink += step(walks[w]);
  return sink;
}
