// What a save tells its caller when the file system refuses a write: one ModelError
// (MODEL_WRITE_FAILED) naming the path, the operating system's reason in words, and the state
// the folder is left in, instead of a raw EACCES / ENOSPC / ENOTDIR from node:fs.
import { ModelError } from "../errors.js";

/** How far a save had got when a write failed: what the folder now holds. */
export type SaveStage =
  /** Nothing was written yet: the folder holds what it held before (an older model stays loadable). */
  | "untouched"
  /** The folder's manifest is marked incomplete: loading it is refused until a save finishes. */
  | "marked-incomplete";

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file is in the way of the folder",
  EISDIR: "a folder is in the way of the file",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "the path has a loop of symbolic links",
  EMFILE: "too many open files",
  EIO: "input/output error of the device",
};

const STAGES: Record<SaveStage, string> = {
  untouched: "nothing in the folder was changed",
  "marked-incomplete":
    "the folder is marked incomplete, so loading it is refused until a save finishes",
};

/** The OS error code behind `error` (node:fs's `code`, or bioc-io's WriteError `systemCode`). */
function systemCode(error: unknown): string | undefined {
  const e = error as { systemCode?: unknown; code?: unknown } | null;
  if (typeof e?.systemCode === "string") return e.systemCode;
  return typeof e?.code === "string" && /^E[A-Z]+$/.test(e.code) ? e.code : undefined;
}

/** The reason in words: a known OS code's, else the error's own message. */
export function writeFailureReason(error: unknown): string {
  const code = systemCode(error);
  const known = code === undefined ? undefined : REASONS[code];
  if (known) return `${known} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^cannot write: /, "");
}

/** A failed write of `path` during a save, as `MODEL_WRITE_FAILED`; a ModelError passes through. */
export function toModelWriteError(
  error: unknown,
  what: string,
  path: string,
  stage: SaveStage,
): ModelError {
  if (error instanceof ModelError) return error;
  return new ModelError(
    "MODEL_WRITE_FAILED",
    `cannot save the model (${what}): ${writeFailureReason(error)}; ${STAGES[stage]}`,
    path,
  );
}

/**
 * Runs one file-system step of a save (`what`: "writing weights.bin"), turning what the OS
 * refuses into `MODEL_WRITE_FAILED`.
 */
export function saveStep<T>(what: string, path: string, stage: SaveStage, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw toModelWriteError(error, what, path, stage);
  }
}
