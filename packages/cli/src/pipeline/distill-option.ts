// `biore train --distill-from <model folder>`: the student also learns a saved model's (or saved
// ensemble's) softened scores on every candidate pair (re-models' `TrainOptions.distillation`).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  type DistillationOptions,
  type RelationModel,
  ModelError,
  type StudentData,
  teacherLogitsFor,
} from "@biore/re-models";
import type { TrainingData } from "@biore/re-models/experiment";
import { InvalidArgumentError, Option } from "commander";
import { libraryErrorToUserError } from "../errors/library-errors.js";
import { modelDigest } from "../predict/model-digest.js";
import { UserError } from "../user-error.js";
import { type ModelSidecar, loadModelDir } from "./model-dir.js";

/** re-models' defaults, spelled out so that the sidecar and the resume line carry the values used. */
export const DEFAULT_DISTILL_WEIGHT = 1;
export const DEFAULT_DISTILL_TEMPERATURE = 2;

/** The parsed `--distill-*` flags (absent when not given). */
export interface DistillFlags {
  distillFrom?: string;
  distillWeight?: number;
  distillTemperature?: number;
}

function parseNumber(value: string, ok: (n: number) => boolean, expected: string): number {
  const n = value.trim() === "" ? Number.NaN : Number(value);
  if (!(Number.isFinite(n) && ok(n)))
    throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
  return n;
}

/** The `--distill-from`, `--distill-weight` and `--distill-temperature` options of train. */
export function distillCliOptions(): Option[] {
  return [
    new Option(
      "--distill-from <dir>",
      "a saved model or ensemble folder (`biore train --out`) whose softened scores the model also learns on every candidate pair (knowledge distillation); one model only, not with --ensemble",
    ),
    new Option(
      "--distill-weight <w>",
      `weight of the distillation term beside the gold labels' cross-entropy (default ${DEFAULT_DISTILL_WEIGHT}; 0 adds nothing)`,
    ).argParser((v) => parseNumber(v, (n) => n >= 0, "a number >= 0 (the distillation weight)")),
    new Option(
      "--distill-temperature <t>",
      `softmax temperature of teacher and student in the distillation term (default ${DEFAULT_DISTILL_TEMPERATURE})`,
    ).argParser((v) => parseNumber(v, (n) => n > 0, "a number > 0 (the distillation temperature)")),
  ];
}

/**
 * Refuses `--distill-weight`/`--distill-temperature` without `--distill-from`, and it with
 * `--ensemble` or naming `--out` (the student's save would overwrite its teacher, an input).
 */
export function checkDistillFlags(opts: DistillFlags & { ensemble: number; out: string }): void {
  if (opts.distillFrom === undefined) {
    const stray = [
      opts.distillWeight !== undefined ? "--distill-weight" : undefined,
      opts.distillTemperature !== undefined ? "--distill-temperature" : undefined,
    ].filter((f) => f !== undefined);
    if (stray.length > 0)
      throw new UserError(
        `${stray.join(" and ")} ${stray.length > 1 ? "set" : "sets"} the distillation from a teacher, but no --distill-from was given`,
        "add --distill-from <model folder>, or drop the flag",
      );
    return;
  }
  if (resolve(opts.distillFrom) === resolve(opts.out))
    throw new UserError(
      `--distill-from and --out name the same folder (${opts.distillFrom}): the student would be saved over its teacher`,
      "pass another --out",
    );
  if (opts.ensemble > 1)
    throw new UserError(
      "--distill-from trains one student; it does not combine with --ensemble",
      "drop --ensemble (students of one teacher gain little from averaging), or train students one by one with other --seed values",
    );
}

/** A loaded teacher and what identifies it. */
export interface Teacher {
  /** The folder as an absolute path. */
  dir: string;
  model: RelationModel;
  /** SHA-256 of the folder's manifest (as `biore predict` records a model). */
  digest: string;
  sidecar?: ModelSidecar;
}

/** Loads `--distill-from`: refused, one line and a hint, when it is not a loadable model folder. */
export function loadTeacher(dir: string, warn: (line: string) => void): Teacher {
  if (!existsSync(dir))
    throw new UserError(
      `teacher folder ${dir} does not exist`,
      "pass the --out folder of an earlier `biore train` as --distill-from",
    );
  try {
    const digest = modelDigest(dir);
    const { model, sidecar } = loadModelDir(dir, (m) => warn(`warning: ${m}`));
    return { dir: resolve(dir), model, digest, ...(sidecar ? { sidecar } : {}) };
  } catch (error) {
    // the load's own hints speak of --model
    const user = libraryErrorToUserError(error);
    if (user?.code !== "MODEL_INCOMPLETE" && user?.code !== "MODEL_DIR_MISSING") throw error;
    throw new UserError(
      `--distill-from ${dir}: ${user.message}`,
      "pass the --out folder of an earlier `biore train` (one model or an ensemble) as --distill-from",
      { code: user.code, where: user.where, cause: error },
    );
  }
}

/** `distill` of a run: the teacher, the term's settings, and what the held-out check compares. */
export interface DistillFrom {
  teacher: Teacher;
  weight: number;
  temperature: number;
  /** The student's --seed and training files, to tell whether its held-out slice is the teacher's. */
  seed: number;
  trainFiles: readonly string[];
  log: (line: string) => void;
}

/** The student's distillation settings for `--distill-*` flags (defaults filled in). */
export function distillSettings(flags: DistillFlags): { weight: number; temperature: number } {
  return {
    weight: flags.distillWeight ?? DEFAULT_DISTILL_WEIGHT,
    temperature: flags.distillTemperature ?? DEFAULT_DISTILL_TEMPERATURE,
  };
}

/**
 * The trainer's `distillation` for the student's split `data`: the teacher's logits of the fit
 * documents' pairs (only they are trained on) in the order of `student`, the fit documents as the
 * trainer reads them, after a one-line warning when the teacher trained on documents this run
 * holds out for model selection. The teacher is disposed either way.
 */
export function distillationFor(
  distill: DistillFrom,
  data: TrainingData,
  student: StudentData,
): DistillationOptions {
  const { teacher, log } = distill;
  try {
    const warning = heldOutWarning(distill, data);
    if (warning) log(warning);
    const started = performance.now();
    const logits = teacherLogitsFor(
      teacher.model,
      data.fitDocuments,
      student,
      data.fit.labelSpace.labels,
    );
    log(
      `distilling from ${teacher.dir} (weight ${distill.weight}, temperature ${distill.temperature}): teacher scored ${logits.size} training documents in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return { teacher: logits, weight: distill.weight, temperature: distill.temperature };
  } catch (error) {
    throw teacherError(error, teacher.dir);
  } finally {
    teacher.model.dispose();
  }
}

/** The teacher's refusals, with a hint that speaks of the teacher rather than of --model. */
function teacherError(error: unknown, dir: string): unknown {
  if (!(error instanceof ModelError)) return error;
  const user = libraryErrorToUserError(error);
  if (!user) return error;
  const hint =
    error.code === "LABEL_SPACE_MISMATCH"
      ? `distill from a teacher trained on the same relation types: on this corpus and training files, and with the teacher's --seed on a small corpus (another held-out slice can leave a type out of training)`
      : error.code === "INVALID_INPUT"
        ? `distill from a teacher trained on the same corpus and entity types (--distill-from ${dir})`
        : user.hint;
  return new UserError(user.message, hint, { code: user.code, where: user.where, cause: error });
}

/**
 * One line when the teacher's `biore.json` shows it trained on some of the documents this run
 * holds out (another --seed or other training files): model selection would then read a slice
 * the teacher's scores already fit. Not refused: a user may mean it.
 */
export function heldOutWarning(
  distill: Pick<DistillFrom, "teacher" | "seed" | "trainFiles">,
  data: Pick<TrainingData, "validationDocuments">,
): string | undefined {
  const sidecar = distill.teacher.sidecar;
  if (!sidecar || typeof sidecar.seed !== "number" || !Array.isArray(sidecar.validationDocuments))
    return `warning: ${distill.teacher.dir} has no biore.json recording its training, so it cannot be checked that the teacher never saw this run's held-out slice`;
  const sameFiles = sidecar.trainFile === distill.trainFiles.join(",");
  if (sidecar.seed === distill.seed && sameFiles) return undefined;
  const teacherHeldOut = new Set(sidecar.validationDocuments);
  const seen = data.validationDocuments.filter((d) => !teacherHeldOut.has(d.id)).length;
  if (seen === 0) return undefined;
  const fix = sameFiles
    ? `pass --seed ${sidecar.seed} to hold out the same slice`
    : `train on the teacher's files (${sidecar.trainFile}) with --seed ${sidecar.seed} to hold out the same slice`;
  return `warning: the teacher was trained with seed ${sidecar.seed} on ${sidecar.trainFile}: its training saw ${seen} of this run's ${data.validationDocuments.length} held-out documents; ${fix}`;
}

/** `biore.json`'s record of a distilled run. */
export interface DistillationSidecar {
  /** The teacher folder (absolute path) and the SHA-256 of its manifest. */
  teacher: string;
  teacherDigest: string;
  weight: number;
  temperature: number;
}

/** The sidecar record of `distill`. */
export function distillationRecord(
  distill: Pick<DistillFrom, "teacher" | "weight" | "temperature">,
): DistillationSidecar {
  return {
    teacher: distill.teacher.dir,
    teacherDigest: distill.teacher.digest,
    weight: distill.weight,
    temperature: distill.temperature,
  };
}
