// How `biore train` tells a user to continue a run that stopped (Ctrl-C, or a save the disk
// refused): what is kept under `<out>/checkpoint` and the exact `--resume` command.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BioCDocument } from "@biore/bioc-io";
import { libraryErrorToUserError } from "../errors/library-errors.js";
import type { Output } from "../output.js";
import { hasMemberCheckpoints } from "../pipeline/ensemble-checkpoint.js";
import { distillSettings } from "../pipeline/distill-option.js";
import { encoderLabel } from "../pipeline/encoder-option.js";
import { dropPretrainingRecords } from "../pipeline/pretraining-record.js";
import { UserError } from "../user-error.js";
import type { TrainOptions } from "./train.js";

/** True when `checkpointDir` holds what a `--resume` of this run (one model or an ensemble) continues. */
export function hasResumable(opts: Pick<TrainOptions, "ensemble">, checkpointDir: string): boolean {
  return opts.ensemble > 1
    ? hasMemberCheckpoints(checkpointDir)
    : existsSync(join(checkpointDir, "checkpoint.bin"));
}

/** After Ctrl-C: where the checkpoint is and the command that resumes it, or that there is none. */
export function tellResume(output: Output, opts: TrainOptions, checkpointDir: string): void {
  if (hasResumable(opts, checkpointDir)) {
    output.err(`checkpoint kept in ${checkpointDir}`);
    output.err(`resume with: biore train ${resumeArgs(opts)} --resume`);
  } else {
    dropPretrainingRecords(checkpointDir);
    output.err("no epoch had finished, so there is no checkpoint to resume");
  }
}

/**
 * A write the disk refused (full, read-only) while saving the model or a finished member loses
 * no work: the checkpoint is still there, so the hint says how to go on without training again.
 */
export function withResumeHint(error: unknown, opts: TrainOptions, checkpointDir: string): unknown {
  const user = libraryErrorToUserError(error);
  if (user?.code !== "MODEL_WRITE_FAILED" || !hasResumable(opts, checkpointDir)) return error;
  const resume = `the checkpoint in ${checkpointDir} is kept: then go on with \`biore train ${resumeArgs(opts)} --resume\``;
  return new UserError(user.message, user.hint ? `${user.hint}; ${resume}` : resume, {
    code: user.code,
    where: user.where,
    cause: error,
  });
}

/**
 * What identifies the training of an ensemble's member of `seed`: a member a stopped run finished
 * is reused only by a resume with the same options, training documents and seeds.
 */
export function memberRunKey(
  opts: TrainOptions,
  documents: readonly BioCDocument[],
  seed: number,
): string {
  const ids = createHash("sha256");
  for (const d of documents) ids.update(`${d.id}\u0000`);
  // the folders may be named another way on resume; the documents' digest stands for --data
  const { data: _data, ...recipe } = opts;
  const args = resumeArgs({ ...recipe, out: "", ensemble: 1 });
  return JSON.stringify({ args, seed, documents: ids.digest("hex") });
}

/** The flags of `opts` that a `--resume` must repeat. */
export function resumeArgs(opts: TrainOptions): string {
  const parts = [
    `--model ${opts.model}`,
    `--out ${opts.out}`,
    `--epochs ${opts.epochs}`,
    `--seed ${opts.seed}`,
    `--size ${opts.size}`,
  ];
  if (opts.data) parts.unshift(`--data ${opts.data}`);
  if (opts.trainSplits.join(",") !== "train")
    parts.push(`--train-splits ${opts.trainSplits.join(",")}`);
  if (opts.model === "hnm") {
    parts.push(
      `--hnm-miner ${opts.hnmMiner} --hnm-loss ${opts.hnmLoss} --hnm-epsilon ${opts.hnmEpsilon} --hnm-k ${opts.hnmK} --hnm-positives ${opts.hnmPositives}`,
      `--hnm-temperature ${opts.hnmTemperature} --hnm-margin ${opts.hnmMargin} --hnm-weight ${opts.hnmWeight}`,
    );
    if (opts.contrastNone) parts.push("--contrast-none");
  }
  if (opts.entityMask !== undefined) parts.push(`--entity-mask ${opts.entityMask}`);
  if (opts.selectionWindow !== undefined) parts.push(`--selection-window ${opts.selectionWindow}`);
  // always: a resume without it would fit the default typer
  parts.push(`--typer-weight ${opts.typerWeight}`);
  if (opts.typerTypesOnly) parts.push("--typer-types-only");
  if (opts.encoder.kind !== "conv") parts.push(`--encoder ${encoderLabel(opts.encoder)}`);
  if (opts.ensemble > 1) parts.push(`--ensemble ${opts.ensemble}`);
  if (opts.pretrainEmbeddings) parts.push("--pretrain-embeddings");
  if (opts.unlabeled?.length) parts.push(`--unlabeled ${opts.unlabeled.join(" ")}`);
  if (opts.distillFrom !== undefined) {
    // the values used, so that a later change of the defaults cannot break the resume
    const { weight, temperature } = distillSettings(opts);
    parts.push(
      `--distill-from ${opts.distillFrom} --distill-weight ${weight} --distill-temperature ${temperature}`,
    );
  }
  return parts.join(" ");
}
