/**
 * @flowc/runtime — plays a compiled flow. No dependencies and no imports from
 * outside this folder: it runs unchanged in Node and in a browser.
 */
export * from "./definition.js";
export { FlowError, type FlowErrorCode } from "./errors.js";
export { back, choose, restart, start } from "./session.js";
export { result } from "./result.js";
export { restore, serialize } from "./serialize.js";
export type * from "./types.js";
