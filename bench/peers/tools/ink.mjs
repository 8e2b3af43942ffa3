/**
 * inkjs 2: the compiler from `inkjs/full`, the player from the same build
 * (the runtime-only build `inkjs` is what the size comparison bundles; its
 * Story is the same code).
 */
import { Compiler, Story } from "inkjs/full";

export const name = "inkjs";

/** inklecate's job: compile the source and serialise the story to JSON. */
export function compileToJson(source) {
  const compiler = new Compiler(source);
  const story = compiler.Compile();
  if (!story || compiler.errors.length > 0) {
    throw new Error(`ink rejected the generated story: ${compiler.errors.slice(0, 3).join("; ")}`);
  }
  return story.ToJson();
}

/** Load a compiled story and run it to its first choice (what flowc's start() does). */
export function loadAndStart(json) {
  const story = new Story(json);
  story.ContinueMaximally();
  return story;
}

export function player(json) {
  const story = new Story(json);
  return {
    starts(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) {
        for (let w = 0; w < walks.length; w++) {
          story.ResetState();
          sink += story.ContinueMaximally().length;
        }
      }
      return sink;
    },
    walks(walks, reps) {
      let sink = 0;
      for (let r = 0; r < reps; r++) {
        for (let w = 0; w < walks.length; w++) {
          const walk = walks[w];
          story.ResetState();
          story.ContinueMaximally();
          for (let i = 0; i < walk.length; i++) {
            story.ChooseChoiceIndex(walk[i]);
            sink += story.ContinueMaximally().length;
          }
        }
      }
      return sink;
    },
    finalSays(walk) {
      story.ResetState();
      story.ContinueMaximally();
      let text = "";
      for (const k of walk) {
        story.ChooseChoiceIndex(k);
        text = story.ContinueMaximally();
      }
      if (story.currentChoices.length > 0) throw new Error("ink walk did not finish");
      return text.split("\n").map((l) => l.trim()).filter(Boolean);
    },
  };
}
