// Which folder a save may write into, and what an earlier save left there. A save writes into a
// missing or empty folder, a folder an earlier biore save wrote (its manifest, even one marked
// incomplete, or its model.json / ensemble.json), or a folder holding none of the names a model
// folder uses; anything else is refused (MODEL_DIR_FOREIGN) before a byte is written. Once the
// folder is marked incomplete, what the earlier save wrote and the new one does not (model files,
// ensemble.json, member-<k> folders) is removed, so the folder never holds two saves' files.
// Files no biore save wrote — a user's notes, the CLI's checkpoint folder — are left as they are.
// A writer killed with SIGKILL leaves its atomic-write temp file (bioc-io's exact
// `.NAME.HOST.PID.RANDOM.tmp` for a name a save writes, its writer gone): the next save removes
// it, and a member-<k> folder holding nothing else is stale like one an earlier save wrote.
import {
  type Dirent,
  accessSync,
  constants,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { staleTempFiles } from "@biore/bioc-io";
import { ModelError } from "../errors.js";
import { ENSEMBLE_FILE, ENSEMBLE_FORMAT, memberFolder } from "./ensemble-format.js";
import { isPlainFileName } from "./integrity.js";
import { MODEL_FILES, MODEL_FORMAT } from "./model-format.js";
import { MANIFEST_FILE, MANIFEST_FORMAT } from "./model-manifest.js";
import { saveStep } from "./write-failure.js";

/** The names a model folder uses for itself (model files, manifest, ensemble.json). */
const MODEL_FILE_NAMES: ReadonlySet<string> = new Set(Object.values(MODEL_FILES));
const MEMBER_FOLDER = /^member-[1-9][0-9]*$/;

/** What a save is about to write into a folder. */
export interface FolderWrites {
  /** File names, the manifest excluded. */
  files: ReadonlySet<string>;
  /** Member folders (a saved ensemble's `member-1` …); none for a single model. */
  members: ReadonlySet<string>;
}

/** What the save must remove once the folder is marked incomplete. */
export interface StaleEntries {
  files: string[];
  members: string[];
  /** Temp files of killed atomic writes of a name a save writes here. */
  temps: string[];
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

const formatOf = (path: string) => (readJson(path) as { format?: unknown } | undefined)?.format;

/**
 * What an earlier biore save wrote in `dir`: the files its manifest lists (none when the manifest
 * is marked incomplete or absent), or undefined when no biore save wrote the folder.
 */
function earlierSave(dir: string): { listed: string[] } | undefined {
  const manifest = readJson(join(dir, MANIFEST_FILE)) as
    | { format?: unknown; files?: unknown }
    | undefined;
  if (manifest?.format === MANIFEST_FORMAT) {
    const files = manifest.files && typeof manifest.files === "object" ? manifest.files : {};
    return { listed: Object.keys(files).filter((name) => isPlainFileName(name)) };
  }
  if (
    formatOf(join(dir, MODEL_FILES.model)) === MODEL_FORMAT ||
    formatOf(join(dir, ENSEMBLE_FILE)) === ENSEMBLE_FORMAT
  )
    return { listed: [] };
  return undefined;
}

function foreign(dir: string, name: string): ModelError {
  return new ModelError(
    "MODEL_DIR_FOREIGN",
    `cannot save the model: the folder holds ${name}, which no biore model save wrote; save into an empty folder or a biore model folder; nothing was written`,
    join(dir, name),
  );
}

/** Temp files a killed save left in `dir` for `names` (or model file names). */
function leftovers(dir: string, names: ReadonlySet<string> = MODEL_FILE_NAMES): string[] {
  return staleTempFiles(dir, (target) => MODEL_FILE_NAMES.has(target) || names.has(target));
}

/** A member folder an earlier save stopped in before it wrote a file: empty, or only leftovers. */
function onlyLeftovers(member: string): boolean {
  const kept = new Set(leftovers(member));
  return readdirSync(member).every((name) => kept.has(name));
}

/** A member folder the save will write into must be missing, ours, or free of model file names. */
function checkMemberTarget(dir: string, entry: Dirent): void {
  if (!entry.isDirectory()) throw foreign(dir, entry.name);
  const member = join(dir, entry.name);
  if (earlierSave(member)) return;
  const clash = readdirSync(member).find((name) => MODEL_FILE_NAMES.has(name));
  if (clash) throw foreign(member, clash);
}

/**
 * Checks that a save may write `writes` into `dir` and returns what an earlier save left there
 * that this one will not overwrite. Throws before anything is written: `MODEL_WRITE_FAILED` when
 * `dir` is a file or cannot be read, `MODEL_DIR_FOREIGN` when a name the save uses (or a model
 * file name, which would make the folder unloadable) is held by something no biore save wrote.
 */
export function planModelFolder(dir: string, writes: FolderWrites): StaleEntries {
  const stale: StaleEntries = { files: [], members: [], temps: [] };
  const entries = saveStep("reading the folder", dir, "untouched", () => {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory())
      throw new ModelError(
        "MODEL_WRITE_FAILED",
        "cannot save the model: the path is a file, not a folder; nothing was written",
        dir,
      );
    return stat ? readdirSync(dir, { withFileTypes: true }) : undefined;
  });
  if (!entries) return stale;
  const ours = saveStep("reading the folder", dir, "untouched", () => earlierSave(dir));
  const wrote = new Set([...MODEL_FILE_NAMES, ...(ours?.listed ?? [])]);
  stale.temps = leftovers(dir, new Set([...wrote, ...writes.files]));
  const temps = new Set(stale.temps);
  for (const entry of entries) {
    const { name } = entry;
    if (temps.has(name)) continue;
    if (writes.members.has(name)) {
      saveStep("reading a member folder", join(dir, name), "untouched", () =>
        checkMemberTarget(dir, entry),
      );
    } else if (!ours) {
      if (MODEL_FILE_NAMES.has(name) || writes.files.has(name)) throw foreign(dir, name);
    } else if (MEMBER_FOLDER.test(name) && entry.isDirectory()) {
      const member = join(dir, name);
      const staleMember = saveStep("reading a member folder", member, "untouched", () =>
        Boolean(earlierSave(member) || onlyLeftovers(member)),
      );
      if (staleMember) stale.members.push(name);
    } else if (wrote.has(name) && !writes.files.has(name) && name !== MANIFEST_FILE) {
      if (entry.isFile() || entry.isSymbolicLink()) stale.files.push(name);
    }
  }
  return stale;
}

/**
 * Removes a member folder an earlier save wrote (or stopped in): its model files and leftover
 * temp files, and the folder once empty.
 */
function removeMemberFolder(member: string): void {
  const listed = earlierSave(member)?.listed ?? [];
  // the manifest first: a member folder is never left vouching for files that are gone
  rmSync(join(member, MANIFEST_FILE), { force: true });
  for (const name of new Set([...MODEL_FILE_NAMES, ...listed]))
    if (!statSync(join(member, name), { throwIfNoEntry: false })?.isDirectory())
      rmSync(join(member, name), { force: true });
  for (const temp of leftovers(member, new Set(listed)))
    rmSync(join(member, temp), { force: true });
  // a file of the user's own inside keeps the folder (no manifest: never read as a member)
  if (readdirSync(member).length === 0) rmdirSync(member);
}

/** Removes what {@link planModelFolder} found stale; call once the folder is marked incomplete. */
export function removeStaleEntries(dir: string, stale: StaleEntries): void {
  for (const name of stale.temps)
    saveStep("removing a killed save's temp file", join(dir, name), "marked-incomplete", () =>
      rmSync(join(dir, name), { force: true }),
    );
  for (const name of stale.files)
    saveStep(`removing the earlier save's ${name}`, join(dir, name), "marked-incomplete", () =>
      rmSync(join(dir, name), { force: true }),
    );
  for (const name of stale.members)
    saveStep(
      `removing the earlier save's member folder ${name}`,
      join(dir, name),
      "marked-incomplete",
      () => removeMemberFolder(join(dir, name)),
    );
}

/** The nearest folder on the way to `dir` that exists (`dir` itself when it does). */
function nearestExisting(dir: string): string {
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Throws what `saveModel` (or, with `members`, `saveEnsemble`) would refuse `dir` for before
 * writing, without writing anything: `MODEL_WRITE_FAILED` when the path or a parent is a file or
 * the folder it would be created in is not writable, `MODEL_DIR_FOREIGN` when the folder holds
 * model file names (or `extraFiles` / member folder names) no biore save wrote. A caller checks
 * its output folder with it before hours of training; the save itself checks again.
 */
export function checkModelFolder(
  dir: string,
  options: { extraFiles?: readonly string[]; members?: number } = {},
): void {
  if (typeof dir !== "string" || dir === "")
    throw new ModelError("INVALID_INPUT", "checkModelFolder needs a folder path", String(dir));
  const members = Array.from({ length: options.members ?? 0 }, (_, i) => memberFolder(i));
  planModelFolder(dir, { files: new Set(options.extraFiles ?? []), members: new Set(members) });
  const folder = nearestExisting(dir);
  saveStep("checking the folder is writable", folder, "untouched", () =>
    accessSync(folder, constants.W_OK),
  );
}
