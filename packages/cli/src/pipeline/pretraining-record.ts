// What word2vec pre-training did, kept beside a run's trainer checkpoint: a resumed run takes
// its token embeddings from the checkpoint and does not pre-train again, so without this file
// its biore.json would lose the record an uninterrupted run writes.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@biore/bioc-io";
import type { PretrainResult } from "@biore/re-models/pretraining";
import { UserError } from "../user-error.js";

/** The record's file in a run's (or an ensemble member's) checkpoint folder. */
export const PRETRAINING_FILE = "pretraining.json";

/** Keeps `result` in `checkpointDir` (created if needed) for a later `--resume`. */
export function keepPretraining(checkpointDir: string, result: PretrainResult): void {
  mkdirSync(checkpointDir, { recursive: true });
  writeFileAtomic(join(checkpointDir, PRETRAINING_FILE), `${JSON.stringify(result)}\n`);
}

/** Removes an earlier run's record (a fresh run must not be described by it). */
export function dropPretraining(checkpointDir: string): void {
  rmSync(join(checkpointDir, PRETRAINING_FILE), { force: true });
}

/**
 * After a stop with nothing to resume: removes the records of the run and of its ensemble
 * members (`member-<k>/`), and each of those folders that holds nothing else.
 */
export function dropPretrainingRecords(checkpointDir: string): void {
  if (!existsSync(checkpointDir)) return;
  const members = readdirSync(checkpointDir)
    .filter((name) => /^member-[1-9][0-9]*$/.test(name))
    .map((name) => join(checkpointDir, name));
  for (const dir of [...members, checkpointDir]) {
    dropPretraining(dir);
    try {
      rmdirSync(dir); // only when empty
    } catch {
      // holds something else (a checkpoint, a finished member): kept
    }
  }
}

/**
 * The record a stopped run kept in `checkpointDir`; undefined when there is none (a checkpoint
 * of a biore before the record was kept). A file that is not one is a one-line error naming it.
 */
export function keptPretraining(checkpointDir: string): PretrainResult | undefined {
  const path = join(checkpointDir, PRETRAINING_FILE);
  if (!existsSync(path)) return undefined;
  let record: Partial<PretrainResult> | null;
  try {
    record = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    record = null;
  }
  if (
    typeof record?.tokens !== "number" ||
    typeof record.options !== "object" ||
    record.options === null
  )
    throw new UserError(
      `${path} is not a pre-training record (damaged or edited)`,
      "train again without --resume",
      { where: path },
    );
  return record as PretrainResult;
}
