// A teacher's logits on a run's fit documents, saved by distill-teacher.ts and read by the
// student runs (DISTILL=<file>): JSON, logits rounded to 1e-4 (as the runs' saved scores).
import { readFileSync, writeFileSync } from "node:fs";
import type { DistillationOptions, TeacherLogits } from "../../src/index.js";
import type { RunSettings } from "../settings.js";

const FORMAT = "biore-teacher-logits";

interface TeacherFile {
  format: typeof FORMAT;
  labels: readonly string[];
  /** How the teacher was made (seeds, settings), for the record. */
  about: Record<string, unknown>;
  documents: { id: string; logits: number[] }[];
}

export function writeTeacherFile(
  path: string,
  teacher: TeacherLogits,
  labels: readonly string[],
  about: Record<string, unknown>,
): void {
  const file: TeacherFile = {
    format: FORMAT,
    labels,
    about,
    documents: [...teacher].map(([id, logits]) => ({
      id,
      logits: Array.from(logits, (x) => Math.round(x * 1e4) / 1e4),
    })),
  };
  writeFileSync(path, JSON.stringify(file));
}

/** The teacher's logits by document id; refused when the file's labels are not `labels`. */
export function readTeacherFile(path: string, labels: readonly string[]): TeacherLogits {
  const file = JSON.parse(readFileSync(path, "utf8")) as TeacherFile;
  if (file.format !== FORMAT) throw new Error(`${path} is not a teacher logits file`);
  if (file.labels.join("|") !== labels.join("|"))
    throw new Error(`${path}: the teacher's labels [${file.labels}] are not the run's [${labels}]`);
  return new Map(file.documents.map((d) => [d.id, Float32Array.from(d.logits)]));
}

/** `TrainOptions.distillation` from the run settings (DISTILL=<file>), or nothing. */
export function distillationOf(
  settings: RunSettings,
  labels: readonly string[],
): { distillation?: DistillationOptions } {
  const d = settings.distill;
  if (!d) return {};
  return {
    distillation: {
      teacher: readTeacherFile(d.file, labels),
      weight: d.weight,
      temperature: d.temperature,
    },
  };
}
