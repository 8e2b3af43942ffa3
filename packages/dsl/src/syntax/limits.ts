/** Nesting limits, in levels (a level is an ask with an option body inside it). */

/** The deepest nesting a flow may have; one more level is a `too-deep` error. */
export const MAX_LEVELS = 1_000;

/**
 * The most levels parsed (and built) in one recursive pass. Chevrotain
 * overflows Node's default stack after about 270 levels (measured, cold JIT),
 * so deeper option bodies are cut out and parsed on their own; 50 leaves a
 * wide margin for callers that are already deep in their own stack.
 */
export const CHUNK_LEVELS = 50;
