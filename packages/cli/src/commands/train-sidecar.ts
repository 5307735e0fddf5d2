import type { TyperRunRecord } from "@biore/re-models/experiment";
import type { PretrainResult } from "@biore/re-models/pretraining";
import type { Output } from "../output.js";
import type { DistillationSidecar } from "../pipeline/distill-option.js";
import { encoderLabel } from "../pipeline/encoder-option.js";
import { entityMaskOf } from "../pipeline/entity-mask-option.js";
import type { ModelSidecar } from "../pipeline/model-dir.js";
import type { TrainedModel } from "../pipeline/train-model.js";
import { selectionWindowOf } from "../pipeline/selection-window-option.js";
import type { TrainOptions } from "./train.js";

/** `biore.json` of a model (or, with `ensemble` set by the caller, an ensemble) `biore train` made. */
export function trainingSidecar(
  opts: TrainOptions,
  files: readonly string[],
  trained: Pick<TrainedModel, "data" | "history" | "seconds" | "typer" | "pretraining">,
  distillation?: DistillationSidecar,
): ModelSidecar {
  return {
    objective: opts.model,
    size: opts.size,
    seed: opts.seed,
    epochs: opts.epochs,
    trainFile: files.join(","),
    validationDocuments: trained.data.validation.documents.map((d) => d.documentId),
    history: trained.history,
    trainSeconds: trained.seconds,
    encoder: encoderLabel(opts.encoder),
    ...entityMaskOf(opts.entityMask),
    ...selectionWindowOf(opts.selectionWindow),
    ...(trained.typer ? { typer: typerRecord(trained.typer) } : {}),
    ...(trained.pretraining ? { pretraining: pretrainingRecord(opts, trained.pretraining) } : {}),
    ...(distillation ? { distillation } : {}),
  };
}

function typerRecord(typer: TyperRunRecord): NonNullable<ModelSidecar["typer"]> {
  return {
    weight: typer.fusion.weight,
    ...(typer.fusion.typesOnly ? { typesOnly: true } : {}),
    l2: typer.typer.l2,
    heldOutF1: typer.heldOutF1,
    seconds: typer.seconds,
  };
}

function pretrainingRecord(
  opts: TrainOptions,
  pretraining: PretrainResult,
): NonNullable<ModelSidecar["pretraining"]> {
  return {
    unlabeledFiles: opts.unlabeled ?? [],
    tokens: pretraining.tokens,
    options: { ...pretraining.options },
  };
}

/** The one line saying what the typer step did. */
export function reportTyper(output: Output, weight: number, typer: TyperRunRecord | undefined) {
  if (!typer) return;
  const { heldOutF1, seconds } = typer;
  output.err(
    `typer (weight ${weight}, L2 ${typer.typer.l2}): held-out pair+type F1 ${heldOutF1.network.toFixed(3)} -> ${heldOutF1.fused.toFixed(3)} (${seconds.toFixed(1)} s)`,
  );
}
