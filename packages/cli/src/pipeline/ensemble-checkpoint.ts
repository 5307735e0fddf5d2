// What `biore train --ensemble n` keeps while it trains, so a stopped run resumes member by
// member: under the run's checkpoint folder, `member-<k>/` holds the trainer's checkpoint of
// member k while it trains (and its pre-training record, `pretraining.json`, when it pre-trained)
// and, once it has finished, `member-<k>/finished/` (a saved model whose `run.json` records its
// training, pre-training included, and the key of the run that trained it).
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type RelationModel, loadModel, readModelFolderFile, saveModel } from "@biore/re-models";
import type { TrainRunResult } from "@biore/re-models/experiment";
import type { PretrainResult } from "@biore/re-models/pretraining";
import { UserError } from "../user-error.js";
import { dropPretraining } from "./pretraining-record.js";

const TRAINER_CHECKPOINT = "checkpoint.bin";
const FINISHED = "finished";
const RUN_FILE = "run.json";
const MEMBER = /^member-[1-9][0-9]*$/;

/** Where member `k` (1-based) keeps its trainer checkpoint and, once finished, its model. */
export function memberCheckpointDir(checkpointDir: string, k: number): string {
  return join(checkpointDir, `member-${k}`);
}

/** The member folders under a checkpoint folder (none when it is missing). */
function memberDirs(checkpointDir: string): string[] {
  if (!existsSync(checkpointDir)) return [];
  return readdirSync(checkpointDir)
    .filter((name) => MEMBER.test(name))
    .map((name) => join(checkpointDir, name));
}

/** True when an ensemble's run left something to resume: a finished member or an epoch's checkpoint. */
export function hasMemberCheckpoints(checkpointDir: string): boolean {
  return memberDirs(checkpointDir).some(
    (dir) => existsSync(join(dir, TRAINER_CHECKPOINT)) || existsSync(join(dir, FINISHED)),
  );
}

/** Removes what an earlier ensemble run kept (a fresh run must not resume from it). */
export function clearMemberCheckpoints(checkpointDir: string): void {
  for (const dir of memberDirs(checkpointDir)) rmSync(dir, { recursive: true, force: true });
}

/** What run.json records of a finished member. */
interface FinishedRun {
  key: string;
  result: TrainRunResult["result"];
  seconds: number;
  /** The typer step without the typer itself (that is in the saved model's typer.json). */
  typer?: Omit<NonNullable<TrainRunResult["typer"]>, "typer">;
  pretraining?: PretrainResult;
}

/**
 * Keeps a member that has finished training (its model and training record, under `key`) and
 * drops its trainer checkpoint, which it no longer needs.
 */
export async function keepFinishedMember(
  dir: string,
  key: string,
  model: RelationModel,
  training: TrainRunResult,
  pretraining: PretrainResult | undefined,
): Promise<void> {
  const { typer, ...typerRecord } = training.typer ?? {};
  const run: FinishedRun = {
    key,
    result: training.result,
    seconds: training.seconds,
    ...(typer ? { typer: typerRecord as NonNullable<FinishedRun["typer"]> } : {}),
    ...(pretraining ? { pretraining } : {}),
  };
  await saveModel(model, join(dir, FINISHED), {
    extraFiles: { [RUN_FILE]: `${JSON.stringify(run)}\n` },
  });
  rmSync(join(dir, TRAINER_CHECKPOINT), { force: true });
  dropPretraining(dir); // run.json has it now
}

/**
 * The member an earlier run finished in `dir`, loaded, with its training record; undefined when
 * there is none. A member that run trained under another key (other options, documents or seeds)
 * is refused: resuming must not mix two runs.
 */
export function finishedMember(
  dir: string,
  key: string,
  member: string,
): { model: RelationModel; training: TrainRunResult; pretraining?: PretrainResult } | undefined {
  const folder = join(dir, FINISHED);
  if (!existsSync(folder)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readModelFolderFile(folder, RUN_FILE);
  } catch (error) {
    // stopped while it was being kept: its trainer checkpoint is still there to finish it again
    if ((error as { code?: unknown }).code === "MODEL_INCOMPLETE") return undefined;
    throw error;
  }
  const run = JSON.parse(bytes.toString("utf8")) as FinishedRun;
  if (run.key !== key)
    throw new UserError(
      `the finished ${member} in ${folder} was trained by a run with other options, documents or seeds`,
      "resume with the options the ensemble was started with, or train without --resume",
    );
  const model = loadModel(folder, { requireManifest: true });
  const typer = model.typer?.typer;
  const training: TrainRunResult = {
    result: run.result,
    seconds: run.seconds,
    interrupted: false,
    ...(run.typer && typer ? { typer: { ...run.typer, typer } } : {}),
  };
  return { model, training, ...(run.pretraining ? { pretraining: run.pretraining } : {}) };
}
