import { lstatSync, realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { WriteError } from "./write-error.js";

/** Options shared by the atomic writers. */
export interface AtomicWriteOptions {
  /**
   * Files this write was computed from. The write is refused
   * (`OUTPUT_IS_INPUT`) when the target is one of them: same resolved path,
   * or the same file through a link (device and inode compared).
   */
  inputs?: readonly string[];
}

/** Where the bytes go: a regular file through a temp file, or straight into a device/FIFO. */
export interface ResolvedTarget {
  /** The path to rename onto (a symlinked target's real file, so the link survives). */
  final: string;
  /** True for an existing character device, FIFO or socket (`/dev/null`, a pipe): no temp file, no rename. */
  direct: boolean;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Checks the target before anything is written; throws a {@link WriteError}. */
export function resolveTarget(path: string, opts: AtomicWriteOptions = {}): ResolvedTarget {
  if (typeof path !== "string" || path === "")
    throw new WriteError("WRITE_FAILED", "cannot write: no output path given", String(path));
  const target = statOrUndefined(path);
  let final = resolve(path);
  if (target) {
    if (target.isDirectory())
      throw new WriteError(
        "OUTPUT_IS_DIRECTORY",
        "cannot write: the output is a directory",
        path,
        "EISDIR",
      );
    if (lstatSync(path).isSymbolicLink()) final = realpathSync(path);
  }
  for (const input of opts.inputs ?? []) {
    const st = statOrUndefined(input);
    const same =
      (target && st && target.dev === st.dev && target.ino === st.ino) ||
      resolve(input) === resolve(path);
    if (same)
      throw new WriteError(
        "OUTPUT_IS_INPUT",
        input === path
          ? "the output would overwrite the input"
          : `the output would overwrite the input ${input}`,
        path,
      );
  }
  const direct = target !== undefined && !target.isFile();
  return { final, direct };
}
