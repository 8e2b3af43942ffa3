// The benchmark against inkjs and XState is only fair if the three generated
// forms describe the same tree: these tests replay walks on all three.
import { check, compile } from "@flowc/dsl";
import { choose, result, start } from "@flowc/runtime";
import { Compiler, Story } from "inkjs/full";
import { describe, expect, it } from "vitest";
import { createActor, createMachine } from "xstate";
import { optionKey, toFlow, toInk, toXStateConfig } from "../../bench/lib/forms.mjs";
import { generateTree, generateWalks } from "../../bench/lib/tree.mjs";

type Tree = ReturnType<typeof generateTree>;

function describeTree(tree: Tree) {
  const options = tree.questions.flatMap((q) => q.options);
  const targets = new Set([0, ...options.map((o) => o.next).filter((next) => next !== null)]);
  const jumps = options.filter((o) => o.next !== null).length;
  return { options: options.length, jumpShare: jumps / options.length, reachable: targets.size };
}

describe("benchmark tree generator", () => {
  it("makes every question reachable with about 60% of options jumping forward", () => {
    for (const size of [1, 2, 10, 1000]) {
      const tree = generateTree(size);
      const facts = describeTree(tree);
      expect(facts.reachable).toBe(size);
      expect(facts.options).toBe(size * 3);
      if (size >= 1000) expect(Math.abs(facts.jumpShare - 0.6)).toBeLessThan(0.02);
      tree.questions.forEach((q, i) => {
        for (const o of q.options) {
          if (o.next === null) expect(o.lines).toHaveLength(2);
          else expect(o.next).toBeGreaterThan(i); // forward only: every walk finishes
        }
      });
    }
  });

  it("writes texts that need no escaping in any of the three forms", () => {
    const texts = generateTree(1000).questions.flatMap((q) => [q.text, ...q.options.flatMap((o) => [o.label, ...(o.lines ?? [])])]);
    expect(texts.filter((text) => /["\\{}[\]|#~*+=<>/-]/.test(text))).toEqual([]);
  });

  it("is deterministic", () => {
    expect(toFlow(generateTree(50))).toBe(toFlow(generateTree(50)));
    expect(generateWalks(generateTree(50), 20)).toEqual(generateWalks(generateTree(50), 20));
  });

  it("writes a flow that checks clean", () => {
    const checked = check(toFlow(generateTree(300)));
    expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("writes three forms that finish every walk with the same two lines", () => {
    const tree = generateTree(60);
    const compiled = compile(toFlow(tree));
    expect(compiled.definition).not.toBeNull();
    const inkCompiler = new Compiler(toInk(tree));
    const story = new Story(inkCompiler.Compile().ToJson()!);
    expect(inkCompiler.errors).toEqual([]);
    const machine = createMachine(toXStateConfig(tree) as never);

    for (const walk of generateWalks(tree, 100)) {
      let q = 0;
      for (const k of walk.slice(0, -1)) q = tree.questions[q]!.options[k]!.next!;
      const expected = tree.questions[q]!.options[walk.at(-1)!]!.lines;

      let session = start(compiled.definition!);
      for (const k of walk) {
        if (session.status !== "asking") throw new Error("the flow finished before the walk did");
        session = choose(session, optionKey(k));
      }
      expect(session.status).toBe("done");
      expect(result(session).says).toEqual(expected);

      story.ResetState();
      story.ContinueMaximally();
      let text = "";
      for (const k of walk) {
        story.ChooseChoiceIndex(k);
        text = story.ContinueMaximally();
      }
      expect(text.split("\n").map((l) => l.trim()).filter(Boolean)).toEqual(expected);

      const actor = createActor(machine).start();
      for (const k of walk) actor.send({ type: optionKey(k) });
      const snapshot = actor.getSnapshot();
      expect(snapshot.status).toBe("done");
      expect(Object.values(snapshot.getMeta() as Record<string, { say?: string[] }>).flatMap((m) => m.say ?? [])).toEqual(expected);
    }
  });
});
