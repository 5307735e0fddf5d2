// The runner's typer step: after the network is trained (and its epoch chosen), a linear typer
// is fitted on the fit documents, fused into the model, and the decision rule tuned again on
// the held-out slice with the fused scores — the slice never feeds the typer's weights, only
// its L2 strength (by log-loss on its gold pairs) and the None bias / novelty threshold.
import { ModelError } from "../errors.js";
import { decide, pairTypeMicroF1, tuneDecisionRule } from "../inference/decision.js";
import { modelTyperInputs } from "../inference/typer-inputs.js";
import type { RelationModel } from "../model/relation-model.js";
import type { PairFeatureOptions } from "../typer/features.js";
import { type TyperFitRecord, fitLinearTyper } from "../typer/fit-typer.js";
import type { TyperFusion } from "../typer/fusion.js";
import { typerInputs } from "../typer/inputs.js";
import type { LinearTyper } from "../typer/linear-typer.js";
import { heldOutScores } from "./ensemble.js";
import type { TrainingData } from "./held-out.js";

/** The runner's typer option: how to fuse it (weight 0 = off) and how to fit it. */
export interface TyperRunOptions extends TyperFusion {
  /** One L2 strength, or several chosen among on the held-out slice (default: `TYPER_L2_GRID`). */
  l2?: number | readonly number[];
  /** Optional feature groups (off by default, as round 2.5's chosen typer). */
  features?: PairFeatureOptions;
  /** A typer already fitted on the same fit documents (an ensemble's members share one). */
  fitted?: LinearTyper;
  /** One line per typer fit. */
  log?: (line: string) => void;
}

/** What the typer step did. */
export interface TyperRunRecord {
  typer: LinearTyper;
  fusion: Required<TyperFusion>;
  /** Every L2 strength tried, with its held-out log-loss (empty for a shared typer). */
  grid: TyperFitRecord[];
  /** Held-out pair+type F1 of the decision rule tuned without, then with the typer. */
  heldOutF1: { network: number; fused: number };
  /** Wall-clock seconds of features, fits and re-tuning. */
  seconds: number;
}

/**
 * Fits a linear typer on `data`'s fit documents, attaches it to `model` and re-tunes the
 * decision rule on the held-out slice; the record also lands in `model.metadata.options.typer`.
 */
export function attachRunTyper(
  model: RelationModel,
  data: Pick<TrainingData, "fit" | "validation"> &
    Partial<Pick<TrainingData, "fitDocuments" | "validationDocuments">>,
  options: TyperRunOptions,
): TyperRunRecord {
  const started = performance.now();
  if (!data.fitDocuments || !data.validationDocuments)
    throw new ModelError(
      "INVALID_INPUT",
      "the typer reads the documents' text: pass fitDocuments and validationDocuments with the training data",
    );
  const labels = model.labelSpace.labels;
  let typer = options.fitted;
  let grid: TyperFitRecord[] = [];
  if (!typer) {
    const heldOut = typerInputs(data.validation, data.validationDocuments, options.features);
    const fitted = fitLinearTyper(typerInputs(data.fit, data.fitDocuments, options.features), {
      labels,
      heldOut,
      ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    typer = fitted.typer;
    grid = fitted.grid;
  }
  const typeBiases = model.decision.typeBias !== undefined;
  const heldOutF1 = (scores: ReturnType<typeof heldOutScores>) =>
    pairTypeMicroF1(decide(scores, model.decision).labelIds, scores.labelIds).f1;
  const networkScores = heldOutScores(model, data);
  const network = heldOutF1(networkScores);
  model.attachTyper(typer, options);
  // the network's held-out scores, fused (one forward pass instead of two)
  const inputs = modelTyperInputs(model, data.validation, data.validationDocuments);
  const fusedScores = model.fuseTyper(networkScores, inputs);
  model.decision = tuneDecisionRule(fusedScores, typeBiases);
  const fusion = (model.typer as NonNullable<RelationModel["typer"]>).fusion;
  const record = {
    typer,
    fusion,
    grid,
    heldOutF1: { network, fused: heldOutF1(fusedScores) },
    seconds: (performance.now() - started) / 1000,
  };
  if (model.metadata)
    model.metadata.options = {
      ...model.metadata.options,
      typer: { ...fusion, l2: typer.l2, heldOutF1: record.heldOutF1 },
    };
  return record;
}
