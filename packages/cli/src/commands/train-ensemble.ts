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
import type { TrainOptions } from "./train.js";
import { memberRunKey, tellResume, withResumeHint } from "./train-resume.js";
import { reportTyper, trainingSidecar } from "./train-sidecar.js";

/**
 * `biore train --ensemble n` (n > 1): n members trained as `compare` trains each run (seeds
 * seed..seed+n-1, one held-out split, one typer fit, the rule tuned on the averaged held-out
 * scores), saved as one model folder that predict, evaluate and the queue read like any other.
 * Each member checkpoints under `<out>/checkpoint/member-<k>` (every epoch, then the finished
 * member), so Ctrl-C or a refused save loses at most the current epoch: `--resume` reuses the
 * finished members and continues the stopped one.
 */
export async function trainAndSaveEnsemble(
  opts: TrainOptions,
  input: {
    documents: readonly BioCDocument[];
    files: string[];
    /** Where the members keep their checkpoints: removed once the ensemble is saved. */
    checkpointDir: string;
    pretrain?: { unlabeled: BioCDocument[] };
  },
  output: Output,
): Promise<void> {
  const last = opts.seed + opts.ensemble - 1;
  const interrupt = catchInterrupt(
    output,
    "stopping after this step; the finished members and the last finished epoch's checkpoint are kept",
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
      checkpointDir: input.checkpointDir,
      ...(opts.resume ? { resume: true } : {}),
      memberKey: (seed) => memberRunKey(opts, input.documents, seed),
      ...(opts.model === "hnm" ? { hnm: () => hnmOptionsOf(opts) } : {}),
      log: (line: string) => output.err(line),
      ...(input.pretrain ? { pretrain: input.pretrain } : {}),
      encoder: opts.encoder,
      ...entityMaskOf(opts.entityMask),
      ...selectionWindowOf(opts.selectionWindow),
      ...typerOf(opts, (line) => output.err(line)),
    }).catch((error: unknown) => {
      // a finished member the disk refused: the members before it and its checkpoint are kept
      throw withResumeHint(error, opts, input.checkpointDir);
    });
    if (!trained || interrupt.interrupted) {
      trained?.model.dispose();
      tellResume(output, opts, input.checkpointDir);
      throw new Interrupted("training interrupted");
    }
    try {
      await saveModelDir(opts.out, trained.model, {
        ...trainingSidecar(opts, input.files, trained),
        ensemble: trained.ensemble,
      });
    } catch (error) {
      throw withResumeHint(error, opts, input.checkpointDir);
    } finally {
      trained.model.dispose();
    }
    reportTyper(output, opts.typerWeight, trained.typer);
    // the members' checkpoints (and an earlier single-model run's): the folder holds the model
    rmSync(input.checkpointDir, { recursive: true, force: true });
    const epochs = trained.ensemble.members.map((m) => m.bestEpoch ?? "–").join(", ");
    output.out(
      `saved ${opts.model} ensemble of ${opts.ensemble} (seeds ${opts.seed}-${last}) to ${opts.out} (best epochs ${epochs}, held-out F1 ${trained.ensemble.heldOutF1.toFixed(3)}, ${trained.seconds.toFixed(0)} s)`,
    );
  } finally {
    interrupt.dispose();
  }
}
