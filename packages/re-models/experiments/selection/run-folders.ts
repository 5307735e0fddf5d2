// Folders of saved runs as the analysis scripts take them: comma-separated lists in environment
// variables (FOLDS_DIRS, DEV_DIRS), resolved against experiments/, and the records folder each
// Dev folder's decisions are written to.
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type SavedRun, type savedRunReader, savedRunNames } from "./saved-runs.js";

const experiments = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The folders of a comma-separated list (empty entries skipped), resolved against experiments/. */
export function runFolders(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .filter(Boolean)
    .map((d) => resolve(experiments, d));
}

/** Every saved run of `folders`, in folder order. */
export function runsIn(
  read: ReturnType<typeof savedRunReader>,
  folders: readonly string[],
): SavedRun[] {
  return folders.flatMap((dir) => savedRunNames(dir).map((name) => read(dir, name)));
}

/** A Dev folder's records folder: its parent's name and its own (two draws may share a name). */
export const recordFolder = (dir: string) => `${basename(dirname(dir))}-${basename(dir)}`;

/** The folders an analysis reads and writes: FOLDS_DIRS, DEV_DIRS and OUT of `env`. */
export function analysisFolders(env: NodeJS.ProcessEnv) {
  return {
    foldDirs: runFolders(env.FOLDS_DIRS),
    devDirs: runFolders(env.DEV_DIRS),
    out: runFolders(env.OUT)[0],
  };
}
