import { rmSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { type ModelSize, checkModelFolder } from "@biore/re-models";
import type { SplitName } from "../data/splits.js";
import type { Output } from "../output.js";
import { SIDECAR_FILE, saveModelDir } from "../pipeline/model-dir.js";
import { trainAndSaveEnsemble } from "./train-ensemble.js";
import { hasResumable, tellResume, withResumeHint } from "./train-resume.js";
import { reportTyper, trainingSidecar } from "./train-sidecar.js";
import { keptOut, pretrainingInput } from "../pipeline/corpus.js";
import {
  type DistillFlags,
  type Teacher,
  checkDistillFlags,
  distillCliOptions,
  distillSettings,
  distillationRecord,
  loadTeacher,
} from "../pipeline/distill-option.js";
import { type EncoderChoice, encoderCliOption } from "../pipeline/encoder-option.js";
import { entityMaskCliOption, entityMaskOf } from "../pipeline/entity-mask-option.js";
import {
  type SelectionWindow,
  selectionWindowCliOption,
  selectionWindowOf,
} from "../pipeline/selection-window-option.js";
import { type HnmPreset, hnmCliOptions, hnmOptionsOf } from "../pipeline/hnm-presets.js";
import { parseTrainSplits, readTrainingSplits, untrainedSplits } from "../pipeline/train-splits.js";
import { trainModel } from "../pipeline/train-model.js";
import { checkTyperFlags, typerCliOptions, typerOf } from "../pipeline/typer-option.js";
import { defaultBarTarget } from "../progress/bars.js";
import { TrainingProgress } from "../progress/training-progress.js";
import { Interrupted, catchInterrupt } from "../signals/interrupt.js";
import { activateBackend, integerOption, locateData } from "./common.js";
import { UserError } from "../user-error.js";

export interface TrainOptions extends HnmPreset, DistillFlags {
  data?: string;
  trainSplits: SplitName[];
  model: "baseline" | "hnm";
  out: string;
  epochs: number;
  seed: number;
  size: ModelSize;
  resume?: boolean;
  pretrainEmbeddings?: boolean;
  unlabeled?: string[];
  encoder: EncoderChoice;
  entityMask?: number;
  selectionWindow?: SelectionWindow;
  typerWeight: number;
  typerTypesOnly?: boolean;
  ensemble: number;
}

/** Where a model folder keeps its resumable checkpoint. */
export function checkpointDirOf(out: string): string {
  return join(out, "checkpoint");
}

/** `biore train`: trains a baseline or HNM model on Train and saves it to --out. */
export function registerTrain(program: Command, output: Output): void {
  const command = program
    .command("train")
    .description(
      "train a relation extraction model (baseline or hard-negative-mining) on a corpus's Train split",
    )
    .option(
      "--data <dir|file>",
      "corpus folder with Train/Dev/Test files, or one training file (default: BioRED)",
    )
    .addOption(
      new Option("--model <kind>", "training objective")
        .choices(["baseline", "hnm"])
        .default("baseline"),
    )
    .requiredOption("--out <dir>", "folder to write the model (and its checkpoint) to")
    .option(
      "--train-splits <list>",
      "splits to train on, e.g. train,dev for a final model (a held-out slice still does model selection)",
      parseTrainSplits,
      ["train"] as SplitName[],
    )
    .option(
      "--epochs <n>",
      "maximum epochs (early stopping on a held-out slice of Train)",
      integerOption(1),
      10,
    )
    .option("--seed <n>", "seed of every random choice", integerOption(0), 1)
    .addOption(
      new Option("--size <size>", "model size").choices(["small", "base"]).default("small"),
    )
    .option("--resume", "continue from the checkpoint in --out (after Ctrl-C)")
    .option(
      "--pretrain-embeddings",
      "start token embeddings from word2vec (skip-gram) vectors trained on the Train text and any --unlabeled files",
    )
    .option(
      "--unlabeled <files...>",
      "BioC or PubTator files of extra unlabeled text for --pretrain-embeddings (annotations ignored; implies it)",
    );
  command.addOption(encoderCliOption());
  command.addOption(entityMaskCliOption());
  command.addOption(selectionWindowCliOption());
  for (const option of typerCliOptions()) command.addOption(option);
  command.option(
    "--ensemble <n>",
    "train n models (seeds seed..seed+n-1, one held-out split) and save them as one model averaging their logits, its None bias and novelty threshold tuned on the held-out slice with the averaged scores",
    integerOption(1),
    1,
  );
  for (const option of hnmCliOptions()) command.addOption(option);
  for (const option of distillCliOptions()) command.addOption(option);
  command.action(async (opts: TrainOptions) => {
    checkDistillFlags(opts);
    checkTyperFlags(opts);
    // a folder the model cannot be saved into is refused now, not after the training
    checkModelFolder(opts.out, {
      extraFiles: [SIDECAR_FILE],
      members: opts.ensemble > 1 ? opts.ensemble : 0,
    });
    await activateBackend(program, output);
    // loaded first, so that a folder that is no model is refused before the corpus is read
    const teacher = opts.distillFrom
      ? loadTeacher(opts.distillFrom, (line) => output.err(line))
      : undefined;
    try {
      await trainCommand(opts, output, teacher);
    } finally {
      teacher?.model.dispose(); // already done once its logits are taken; here on an earlier error
    }
  });
}

/** `biore train` once the backend is up (and the teacher, if any, loaded). */
async function trainCommand(
  opts: TrainOptions,
  output: Output,
  teacher: Teacher | undefined,
): Promise<void> {
  const located = await locateData(opts.data, output);
  const checkpointDir = checkpointDirOf(opts.out);
  if (opts.resume && !hasResumable(opts, checkpointDir)) {
    throw new UserError(
      `no checkpoint to resume in ${checkpointDir}`,
      "run without --resume to start a new training",
    );
  }
  const { documents, files } = await readTrainingSplits(located.path, opts.trainSplits, output);
  const what =
    opts.ensemble > 1
      ? `an ensemble of ${opts.ensemble} ${opts.model} models (${opts.size}, seeds ${opts.seed}-${opts.seed + opts.ensemble - 1})`
      : `${opts.model} (${opts.size}, seed ${opts.seed})`;
  output.err(`training ${what} on ${files.join(" + ")} (${documents.length} documents)`);
  const pretrain = await pretrainingInput(
    opts,
    output,
    opts.unlabeled?.length
      ? [
          ...(await untrainedSplits(located.path, opts.trainSplits, output)),
          keptOut(documents, "the training splits (their text is already in)"),
        ]
      : [],
  );
  if (opts.ensemble > 1) {
    await trainAndSaveEnsemble(
      opts,
      { documents, files, checkpointDir, ...(pretrain ? { pretrain } : {}) },
      output,
    );
    return;
  }
  const distill = teacher
    ? {
        teacher,
        ...distillSettings(opts),
        seed: opts.seed,
        trainFiles: files,
        log: (line: string) => output.err(line),
      }
    : undefined;
  const progress = new TrainingProgress(output, defaultBarTarget(), opts.model, opts.epochs);
  const interrupt = catchInterrupt(
    output,
    "stopping after this step; the last finished epoch's checkpoint is kept",
  );
  try {
    const trained = await trainModel({
      documents,
      objective: opts.model,
      epochs: opts.epochs,
      seed: opts.seed,
      size: opts.size,
      progress,
      checkpointDir,
      resume: opts.resume === true,
      signal: interrupt.signal,
      ...(opts.model === "hnm" ? { hnm: hnmOptionsOf(opts) } : {}),
      ...(pretrain ? { pretrain, log: (line: string) => output.err(line) } : {}),
      encoder: opts.encoder,
      ...entityMaskOf(opts.entityMask),
      ...selectionWindowOf(opts.selectionWindow),
      ...typerOf(opts, (line) => output.err(line)),
      ...(distill ? { distill } : {}),
    });
    if (interrupt.interrupted) {
      trained.model.dispose();
      tellResume(output, opts, checkpointDir);
      throw new Interrupted("training interrupted");
    }
    try {
      await saveModelDir(
        opts.out,
        trained.model,
        trainingSidecar(opts, files, trained, distill && distillationRecord(distill)),
      );
    } catch (error) {
      trained.model.dispose();
      throw withResumeHint(error, opts, checkpointDir);
    }
    reportTyper(output, opts.typerWeight, trained.typer);
    const best = trained.model.metadata;
    trained.model.dispose();
    // The finished model replaces the checkpoint; keeping it would only triple the folder.
    rmSync(checkpointDir, { recursive: true, force: true });
    output.out(
      `saved ${opts.model} model to ${opts.out} (${trained.history.length} epochs, best epoch ${best?.bestEpoch ?? "–"}, held-out F1 ${best?.bestValidationF1?.toFixed(3) ?? "–"}, ${trained.seconds.toFixed(0)} s)`,
    );
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}
