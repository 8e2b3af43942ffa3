/**
 * XState v5: the machine config is the "compiled" form (JSON text), loaded
 * with createMachine and played by an actor per walk.
 */
import { createActor, createMachine } from "xstate";
import { optionKey } from "../forms.mjs";

const EVENTS = [0, 1, 2].map((k) => ({ type: optionKey(k) }));

export const name = "xstate";

export function loadAndStart(json) {
  return createActor(createMachine(JSON.parse(json))).start();
}

export function player(json) {
  const machine = createMachine(JSON.parse(json));
  return {
    starts(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) {
        for (let w = 0; w < walks.length; w++) {
          const actor = createActor(machine).start();
          sink += actor.getSnapshot().status.length;
          actor.stop();
        }
      }
      return sink;
    },
    walks(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) {
        for (let w = 0; w < walks.length; w++) {
          const walk = walks[w];
          const actor = createActor(machine).start();
          for (let i = 0; i < walk.length; i++) actor.send(EVENTS[walk[i]]);
          // The host reads the finishing lines, as it reads flowc's outputs.
          const snapshot = actor.getSnapshot();
          for (const meta of Object.values(snapshot.getMeta())) sink += meta.say ? meta.say.length : 0;
          actor.stop();
        }
      }
      return sink;
    },
    finalSays(walk) {
      const actor = createActor(machine).start();
      for (const k of walk) actor.send(EVENTS[k]);
      const snapshot = actor.getSnapshot();
      actor.stop();
      if (snapshot.status !== "done") throw new Error("xstate walk did not finish");
      return Object.values(snapshot.getMeta()).flatMap((m) => m.say ?? []);
    },
  };
}
