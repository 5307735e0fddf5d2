import { rmSync } from "node:fs";
import type { BioCDocument } from "@biore/bioc-io";
import type { Output } from "../output.js";
import { hnmOptionsOf } from "../pipeline/hnm-presets.js";
import { saveModelDir } from "../pipeline/model-dir.js";
import { entityMaskOf } from "../pipeline/entity-mask-option.js";
import { selectionWindowOf } from "../pipeline/selection-window-option.js";
import { trainEnsembleModel } from "../pipeline/train-ensemble.js";
import { typerOf } from "../pipeline/typer-option.js";
import { defaultBarTarget } from "../progress/bars.js";
import { TrainingProgress } from "../progress/training-progress.js";
import { Interrupted, catchInterrupt } from "../signals/interrupt.js";
import { UserError } from "../user-error.js";
import type { TrainOptions } from "./train.js";
import { reportTyper, trainingSidecar } from "./train-sidecar.js";

/** `--resume` continues one model's checkpoint; an ensemble's training writes none. */
export function refuseEnsembleResume(opts: Pick<TrainOptions, "ensemble" | "resume">): void {
  if (opts.ensemble > 1 && opts.resume)
    throw new UserError(
      `--resume continues one model's checkpoint; an ensemble (--ensemble ${opts.ensemble}) is not checkpointed`,
      "train the ensemble again without --resume",
    );
}

/**
 * `biore train --ensemble n` (n > 1): n members trained as `compare` trains each run (seeds
 * seed..seed+n-1, one held-out split, one typer fit, the rule tuned on the averaged held-out
 * scores), saved as one model folder that predict, evaluate and the queue read like any other.
 */
export async function trainAndSaveEnsemble(
  opts: TrainOptions,
  input: {
    documents: readonly BioCDocument[];
    files: string[];
    /** Where a single-model run keeps its checkpoint: removed once the ensemble is saved. */
    checkpointDir: string;
    pretrain?: { unlabeled: BioCDocument[] };
  },
  output: Output,
): Promise<void> {
  const last = opts.seed + opts.ensemble - 1;
  const interrupt = catchInterrupt(
    output,
    "stopping after this step; an ensemble is not checkpointed, so nothing will be saved",
  );
  try {
    const trained = await trainEnsembleModel({
      documents: input.documents,
      members: opts.ensemble,
      objective: opts.model,
      epochs: opts.epochs,
      seed: opts.seed,
      size: opts.size,
      progress: (seed, member) =>
        new TrainingProgress(
          output,
          defaultBarTarget(),
          `${opts.model} ${member}/${opts.ensemble} (seed ${seed})`,
          opts.epochs,
        ),
      signal: interrupt.signal,
      ...(opts.model === "hnm" ? { hnm: () => hnmOptionsOf(opts) } : {}),
      ...(input.pretrain
        ? { pretrain: input.pretrain, log: (line: string) => output.err(line) }
        : {}),
      encoder: opts.encoder,
      ...entityMaskOf(opts.entityMask),
      ...selectionWindowOf(opts.selectionWindow),
      ...typerOf(opts.typerWeight, (line) => output.err(line)),
    });
    if (!trained || interrupt.interrupted) {
      trained?.model.dispose();
      output.err("no model saved: an ensemble's training does not resume; run it again");
      throw new Interrupted("training interrupted");
    }
    try {
      await saveModelDir(opts.out, trained.model, {
        ...trainingSidecar(opts, input.files, trained),
        ensemble: trained.ensemble,
      });
    } finally {
      trained.model.dispose();
    }
    reportTyper(output, opts.typerWeight, trained.typer);
    // an earlier single-model run's checkpoint: the folder now holds a finished model
    rmSync(input.checkpointDir, { recursive: true, force: true });
    const epochs = trained.ensemble.members.map((m) => m.bestEpoch ?? "–").join(", ");
    output.out(
      `saved ${opts.model} ensemble of ${opts.ensemble} (seeds ${opts.seed}-${last}) to ${opts.out} (best epochs ${epochs}, held-out F1 ${trained.ensemble.heldOutF1.toFixed(3)}, ${trained.seconds.toFixed(0)} s)`,
    );
  } finally {
    interrupt.dispose();
  }
}
