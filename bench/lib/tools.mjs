/**
 * The three tools, each used as its documentation shows, behind one interface: compile a source to JSON text (not
 * XState: its config is JSON), and a player: `play(walk)` from a fresh start to what the walk ends on, `read(end)` what
 * a UI reads off that (a number), `says(end)` the lines a finished walk ends with (null if unfinished).
 */
import { compile } from "@flowc/dsl";
import { choose, result, start } from "@flowc/runtime";
import { Compiler, Story } from "inkjs/full";
import { createActor, createMachine } from "xstate";
import { optionKey } from "./forms.mjs";

const KEYS = [0, 1, 2].map(optionKey);
const EVENTS = KEYS.map((type) => ({ type }));

/** flowc: the built packages. */
export const flowc = {
  compileToJson(source) {
    const { json, diagnostics } = compile(source, "bench.flow");
    const error = diagnostics.find((d) => d.severity === "error");
    if (json === null) throw new Error(`flowc rejected the generated flow: ${error?.code} ${error?.message}`);
    return json;
  },
  player(json) {
    const flow = JSON.parse(json);
    return {
      play(walk) {
        let session = start(flow);
        for (let i = 0; i < walk.length; i++) session = choose(session, KEYS[walk[i]]);
        return session;
      },
      read: (session) => session.outputs.length,
      says: (session) => (session.status === "done" ? result(session).says : null),
    };
  },
};

/** inkjs 2: the compiler and player of `inkjs/full` (the same Story as the runtime-only build). */
export const inkjs = {
  compileToJson(source) {
    const compiler = new Compiler(source);
    const story = compiler.Compile();
    if (!story || compiler.errors.length > 0) throw new Error(`ink rejected the generated story: ${compiler.errors.join("; ")}`);
    return story.ToJson();
  },
  player(json) {
    // One Story reset per walk, not re-created: ink's cheapest way to replay.
    const story = new Story(json);
    return {
      play(walk) {
        story.ResetState();
        let text = story.ContinueMaximally();
        for (let i = 0; i < walk.length; i++) {
          story.ChooseChoiceIndex(walk[i]);
          text = story.ContinueMaximally();
        }
        return text;
      },
      read: (text) => text.length,
      says: (text) => (story.currentChoices.length > 0 ? null : text.split("\n").map((l) => l.trim()).filter(Boolean)),
    };
  },
};

/** XState 5: an actor per walk; the finishing lines are the final state's `meta.say`. */
export const xstate = {
  player(json) {
    const machine = createMachine(JSON.parse(json));
    const says = (end) => (end.status === "done" ? Object.values(end.getMeta()).flatMap((m) => m.say ?? []) : null);
    return {
      play(walk) {
        const actor = createActor(machine).start();
        for (let i = 0; i < walk.length; i++) actor.send(EVENTS[walk[i]]);
        const snapshot = actor.getSnapshot();
        actor.stop();
        return snapshot;
      },
      // At a walk's end the host reads the finishing lines, as it reads flowc's outputs.
      read: (snapshot) => (snapshot.status === "done" ? says(snapshot).length : snapshot.status.length),
      says,
    };
  },
};
