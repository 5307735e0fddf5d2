// The typer's softmax regression (L-BFGS, restricted softmax) now lives in the library
// (src/typer/softmax-regression.ts); re-exported here for the experiments.
export {
  FeatureIndex,
  type FitOptions,
  type SoftmaxRegression,
  type SparseExample,
  fitSoftmaxRegression,
  logProbabilities,
} from "../../src/typer/softmax-regression.js";
