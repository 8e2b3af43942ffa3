/**
 * Generic types for `.flow` imports. Add to the app's tsconfig:
 *
 *     "compilerOptions": { "types": ["vite/client", "@flowc/vite/client"] }
 *
 * Every flow then has the shape of the module `flowc build --emit ts` writes,
 * with any input names, ask ids and option keys. For exact per-flow types
 * (wrong keys and missing inputs as compile errors), use `flowc({ dts: true })`
 * with `"allowArbitraryExtensions": true`: the plugin writes `<name>.d.flow.ts`
 * beside each flow, and TypeScript prefers it over this declaration.
 */
declare module "*.flow" {
  import type {
    AskMap,
    FlowDefinition,
    InputMap,
    Session,
  } from "@flowc/runtime";

  /** The inputs that start() needs (any names and values, without the flow's own types). */
  export type Inputs = InputMap;
  /** The names of the inputs. */
  export type Input = string;
  /** Each question (ask id) with the keys of its options. */
  export type Asks = AskMap;
  /** A session of this flow. */
  export type FlowSession = Session<Asks>;

  export const flow: FlowDefinition<Inputs, Asks>;
  export default flow;
}
