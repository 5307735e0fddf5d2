// @biore/re-models/typer: the linear relation typer (sparse pair features, softmax regression)
// that `RelationModel.attachTyper` fuses into the type logits. `biore train` and the runner
// (`trainRun`'s `typer` option, @biore/re-models/experiment) fit and attach it for you; this
// entry is for pipelines that fit, inspect or fuse one themselves.
export { LinearTyper } from "./linear-typer.js";
export type { LinearTyperJson } from "./linear-typer.js";
export { DEFAULT_TYPER_L2, TYPER_L2_GRID, fitLinearTyper } from "./fit-typer.js";
export type { FitLinearTyperOptions, TyperFitRecord } from "./fit-typer.js";
export { featureOptionsOf, typerInputs } from "./inputs.js";
export type { TyperInputs } from "./inputs.js";
export { documentWords, pairFeatures as typerFeatures } from "./features.js";
export type { DocumentWords, PairFeatureOptions as TyperFeatureOptions } from "./features.js";
export { DEFAULT_TYPER_FUSION, fuseTyperScores } from "./fusion.js";
export type { TyperFusion } from "./fusion.js";
export { modelTyperInputs } from "../inference/typer-inputs.js";
