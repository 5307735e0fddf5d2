import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  type RelationModel,
  ensembleMembers,
  loadModel,
  readModelFolderFile,
  saveEnsemble,
  saveModel,
} from "@biore/re-models";
import type { EpochRecord } from "../reports/types.js";
import type { DistillationSidecar } from "./distill-option.js";
import { UserError } from "../user-error.js";

/** The CLI's own file in a model folder: how the model was trained, for reports. */
export const SIDECAR_FILE = "biore.json";

/** Contents of `biore.json`. */
export interface ModelSidecar {
  objective: "baseline" | "hnm";
  size: string;
  seed: number;
  epochs: number;
  trainFile: string;
  /** Documents held out of Train for model selection. */
  validationDocuments: string[];
  history: EpochRecord[];
  trainSeconds: number;
  /** The token encoder: `conv`, or `hf:<folder>` for a fine-tuned checkpoint (absent in older folders: conv). */
  encoder?: string;
  /** `--entity-mask`, when it was given (absent: the trainer's default for the encoder). */
  entityMask?: number;
  /** `--selection-window`, when it was given (absent: the trainer's default, 3). */
  selectionWindow?: 1 | 3;
  /**
   * `--typer-weight` and what the typer step did, when it ran (absent: no typer): its L2,
   * held-out pair+type F1 without and with it, seconds; `typesOnly` with `--typer-types-only`.
   */
  typer?: {
    weight: number;
    typesOnly?: boolean;
    l2: number;
    heldOutF1: { network: number; fused: number };
    seconds: number;
  };
  /**
   * Token-embedding pre-training, when it ran: documents, tokens and word2vec settings (a resumed
   * run's too: it takes the record kept beside its checkpoint, `pretraining-record.ts`).
   */
  pretraining?: { unlabeledFiles: string[]; tokens: number; options: Record<string, unknown> };
  /** `--distill-from`, when given: the teacher folder, its manifest's SHA-256, weight, temperature. */
  distillation?: DistillationSidecar;
  /**
   * `--ensemble n` with n > 1 (absent: one model): the members in folder order (member-1 ...).
   * Then `seed`, `history`, `typer` and `pretraining` above are the first member's (the typer
   * is fitted once and shared) and `trainSeconds` is all members' together.
   */
  ensemble?: EnsembleSidecar;
}

/** `biore.json`'s record of an ensemble's members. */
export interface EnsembleSidecar {
  size: number;
  members: {
    seed: number;
    history: EpochRecord[];
    trainSeconds: number;
    /** The epoch whose weights the member keeps (model selection on the held-out slice). */
    bestEpoch?: number;
  }[];
  /** Held-out pair+type F1 of the ensemble's averaged scores under its own tuned rule. */
  heldOutF1: number;
}

/** How `biore train` made the model, in words: "baseline, seed 1", "hnm, an ensemble of 3 (seeds 1-3)". */
export function describeTraining(sidecar: ModelSidecar): string {
  const seeds = sidecar.ensemble?.members.map((m) => m.seed) ?? [];
  const made =
    sidecar.ensemble && seeds.length > 0
      ? `an ensemble of ${sidecar.ensemble.size} (seeds ${Math.min(...seeds)}-${Math.max(...seeds)})`
      : `seed ${sidecar.seed}`;
  return `${sidecar.objective}, ${made}${sidecar.distillation ? ", distilled" : ""}`;
}

/** A loaded model with the CLI's sidecar (absent for a folder saved by re-models' `saveModel`). */
export interface LoadedModel {
  model: RelationModel;
  sidecar?: ModelSidecar;
}

/**
 * Saves the re-models files and `biore.json` into `dir`, all under the folder's manifest; an
 * ensemble (a view over its members) as re-models' saved ensemble, one member folder each.
 */
export async function saveModelDir(
  dir: string,
  model: RelationModel,
  sidecar: ModelSidecar,
): Promise<void> {
  const options = { extraFiles: { [SIDECAR_FILE]: `${JSON.stringify(sidecar, null, 2)}\n` } };
  const members = ensembleMembers(model);
  if (members) await saveEnsemble(members, model.decision, dir, options);
  else await saveModel(model, dir, options);
}

/**
 * Loads a model folder written by `biore train` (one model, or with `--ensemble` an ensemble,
 * which re-models loads as one model averaging its members), or by re-models' `saveModel` /
 * `saveEnsemble` in a user's own pipeline (then without `biore.json`, which only describes the training
 * for reports). re-models checks every file against the folder's manifest and
 * reports missing or damaged ones as ModelErrors, which the CLI turns into one
 * line + hint. `warn` hears about a folder saved before manifests existed (loaded
 * with structural checks only).
 */
export function loadModelDir(dir: string, warn?: (message: string) => void): LoadedModel {
  if (!existsSync(dir)) {
    throw new UserError(
      `model folder ${dir} does not exist`,
      "pass the --out folder of `biore train` as --model",
    );
  }
  const model = loadModel(dir, warn ? { onWarning: warn } : {});
  if (
    // a fine-tuned pretrained encoder brings its own wordpieces instead of a fitted tokenizer
    !(model.preprocessing.tokenizer || model.preprocessing.wordPieces) ||
    !model.preprocessing.entityTypes ||
    !model.preprocessing.schema
  ) {
    model.dispose();
    throw new UserError(
      `${dir} lacks the tokenizer, entity types or schema the model was trained with`,
      "the model folder is incomplete; train again with `biore train --out <dir>`",
    );
  }
  const sidecarPath = join(dir, SIDECAR_FILE);
  try {
    const bytes = readModelFolderFile(dir, SIDECAR_FILE, { optional: true });
    if (!bytes) return { model };
    return { model, sidecar: JSON.parse(bytes.toString("utf8")) as ModelSidecar };
  } catch (error) {
    model.dispose();
    if (!(error instanceof SyntaxError)) throw error; // a ModelError naming the file
    throw new UserError(
      `${sidecarPath} is not valid JSON: ${error.message.split("\n")[0]}`,
      "the model folder is damaged; train again with `biore train --out <dir>`",
    );
  }
}
