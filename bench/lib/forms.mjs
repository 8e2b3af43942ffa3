/**
 * The abstract tree written three ways: flowc, ink, an XState v5 config. Its texts (tree.mjs) need no escaping in any
 * of the three (test/bench/forms.test.ts checks that).
 */
export const optionKey = (k) => `o${k}`;
export const questionId = (i) => `q${i}`;

/** flowc: question 0 is the entry ask, the others are nodes; leaf options `say` twice. */
export function toFlow(tree) {
  const out = [`flow bench "Бенчмарк: ${tree.size} вопросов"`, ""];
  tree.questions.forEach((q, i) => {
    const indent = i === 0 ? "" : "  ";
    if (i === 0) out.push(`ask ${questionId(0)} "${q.text}" {`);
    else out.push(`node ${questionId(i)} {`, `  ask "${q.text}" {`);
    q.options.forEach((o, k) => {
      const head = `${indent}  option ${optionKey(k)} "${o.label}"`;
      if (o.next !== null) out.push(`${head} -> ${questionId(o.next)}`);
      else out.push(`${head} {`, `${indent}    say "${o.lines[0]}"`, `${indent}    say "${o.lines[1]}"`, `${indent}  }`);
    });
    out.push(`${indent}}`);
    if (i > 0) out.push("}");
  });
  return out.join("\n") + "\n";
}

/** ink: one knot per question, sticky choices; a jump diverts, a leaf prints two lines and ends. */
export function toInk(tree) {
  const out = [`-> ${questionId(0)}`, ""];
  tree.questions.forEach((q, i) => {
    out.push(`=== ${questionId(i)} ===`, q.text);
    for (const o of q.options) {
      const head = `+ [${o.label}]`;
      if (o.next !== null) out.push(`${head} -> ${questionId(o.next)}`);
      else out.push(head, `    ${o.lines[0]}`, `    ${o.lines[1]}`, "    -> END");
    }
    out.push("");
  });
  return out.join("\n");
}

/**
 * XState v5: one state per question with one event per option; a finishing option goes to its own final state whose
 * `meta.say` holds the two lines (plain data, no actions: the cheapest way XState can carry the outputs).
 */
export function toXStateConfig(tree) {
  const states = {};
  tree.questions.forEach((q, i) => {
    const on = {};
    q.options.forEach((o, k) => {
      if (o.next !== null) on[optionKey(k)] = questionId(o.next);
      else {
        const leaf = `${questionId(i)}_${optionKey(k)}`;
        states[leaf] = { type: "final", meta: { say: o.lines } };
        on[optionKey(k)] = leaf;
      }
    });
    states[questionId(i)] = { meta: { text: q.text }, on };
  });
  return { id: "bench", initial: questionId(0), states };
}
