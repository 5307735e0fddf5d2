// The typer's pair features now live in the library (src/typer/features.ts, exported as
// `typerFeatures` / `documentWords`); re-exported here under the names the experiments use.
export {
  type DocumentWords,
  type PairFeatureOptions,
  documentWords,
  pairFeatures,
} from "../../src/typer/features.js";
