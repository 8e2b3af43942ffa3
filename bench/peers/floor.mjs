/**
 * Two reference passes for the check-scaling table, timed beside `flowc
 * check` on the same texts. Each is linear by construction, so how their
 * time grows from 1,000 to 10,000 to 100,000 questions is what this machine
 * alone adds to a linear pass: its caches, its memory, V8's heap. A check
 * ratio is judged against the 12× target and read against these.
 *
 * - `scanFlow`: finds every token of the text and counts them, keeping
 *   nothing: the least any checker must do.
 * - `indexFlow`: keeps every token (kind, start, end: 12 bytes in a typed
 *   array), every node's name in a Map, resolves every `->` through it and
 *   walks what the entry reaches: what a checker with no object AST at all
 *   would keep and do, for a tree shaped like the generated ones (it reads
 *   no comments).
 */

const WORD = 0;
const TEXT = 1;
const OPEN = 2;
const CLOSE = 3;
const ARROW = 4;

/**
 * Calls `onToken(kind, start, end)` for each token; returns the count.
 * `onToken` may be null (nothing kept).
 */
function tokenize(src, onToken) {
  const n = src.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    let kind;
    if (c === 34 /* " */) {
      i++;
      while (i < n && src.charCodeAt(i) !== 34) i += src.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
      kind = TEXT;
    } else if (c === 123 /* { */ || c === 125 /* } */) {
      i++;
      kind = c === 123 ? OPEN : CLOSE;
    } else if (c === 45 /* - */ && src.charCodeAt(i + 1) === 62 /* > */) {
      i += 2;
      kind = ARROW;
    } else {
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d === 32 || d === 10 || d === 9 || d === 13 || d === 34 || d === 123 || d === 125) break;
        i++;
      }
      kind = WORD;
    }
    if (onToken !== null) onToken(kind, start, i);
    count++;
  }
  return count;
}

/** The number of tokens in `src`. */
export function scanFlow(src) {
  return tokenize(src, null);
}

/** The number of nodes the entry does not reach (0 for a generated tree); throws on a broken reference. */
export function indexFlow(src) {
  // Every token: kind, start, end.
  let tokens = new Int32Array(3 * 1024);
  let length = 0;
  tokenize(src, (kind, start, end) => {
    if (length === tokens.length) {
      const grown = new Int32Array(tokens.length * 2);
      grown.set(tokens);
      tokens = grown;
    }
    tokens[length] = kind;
    tokens[length + 1] = start;
    tokens[length + 2] = end;
    length += 3;
  });
  const isWord = (t, word) =>
    tokens[t] === WORD && tokens[t + 2] - tokens[t + 1] === word.length && src.startsWith(word, tokens[t + 1]);
  const nameAt = (t) => src.slice(tokens[t + 1], tokens[t + 2]);

  // Node names → numbers (0 is the entry); the owner of every token.
  const nodes = new Map([["start", 0]]);
  for (let t = 0; t < length; t += 3) {
    if (isWord(t, "node")) {
      const name = nameAt(t + 3);
      if (nodes.has(name)) throw new Error(`node ${name} defined twice`);
      nodes.set(name, nodes.size);
    }
  }

  // Every `->` as an edge from its owner to its target, then adjacency lists.
  const from = [];
  const to = [];
  let owner = 0;
  for (let t = 0; t < length; t += 3) {
    if (isWord(t, "node")) owner = nodes.get(nameAt(t + 3));
    else if (tokens[t] === ARROW) {
      const target = nodes.get(nameAt(t + 3));
      if (target === undefined) throw new Error(`no node ${nameAt(t + 3)}`);
      from.push(owner);
      to.push(target);
    }
  }
  const first = new Int32Array(nodes.size + 1);
  for (const f of from) first[f + 1]++;
  for (let k = 0; k < nodes.size; k++) first[k + 1] += first[k];
  const next = first.slice();
  const targets = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) targets[next[from[e]]++] = to[e];

  // What the entry reaches.
  const reached = new Uint8Array(nodes.size);
  const stack = [0];
  reached[0] = 1;
  let unreached = nodes.size - 1;
  while (stack.length > 0) {
    const v = stack.pop();
    for (let e = first[v]; e < first[v + 1]; e++) {
      const w = targets[e];
      if (reached[w] === 0) {
        reached[w] = 1;
        unreached--;
        stack.push(w);
      }
    }
  }
  return unreached;
}
