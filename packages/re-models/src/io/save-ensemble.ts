import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.js";
import { ensembleMembers } from "../model/ensemble-view.js";
import { type DecisionRule, RelationModel } from "../model/relation-model.js";
import {
  ENSEMBLE_FILE,
  ENSEMBLE_FORMAT,
  ENSEMBLE_FORMAT_VERSION,
  type EnsembleJson,
  memberDisagreement,
  memberFolder,
} from "./ensemble-format.js";
import { isPlainFileName, sha256Hex } from "./integrity.js";
import { checkDecision } from "./model-checks.js";
import { MODEL_FILES } from "./model-format.js";
import { planModelFolder } from "./model-folder.js";
import { MANIFEST_FILE, buildManifest } from "./model-manifest.js";
import { type SaveOptions, beginFolderSave, finishFolderSave, saveModel } from "./save-model.js";
import { saveStep } from "./write-failure.js";

const utf8 = (text: string) => Buffer.from(text, "utf8");

function invalid(message: string, where: string): ModelError {
  return new ModelError("INVALID_INPUT", message, where);
}

/** Refuses what cannot be saved as one ensemble, before anything is written. */
function checkMembers(members: readonly RelationModel[], dir: string): void {
  if (!Array.isArray(members) || members.length === 0)
    throw invalid("saveEnsemble needs at least one member model", dir);
  for (const [i, member] of members.entries()) {
    if (!(member instanceof RelationModel))
      throw invalid(`ensemble member ${i + 1} is not a RelationModel`, dir);
    if (ensembleMembers(member))
      throw invalid(`ensemble member ${i + 1} is itself an ensemble: pass its members`, dir);
    const differs = memberDisagreement(members[0] as RelationModel, member);
    if (differs)
      throw invalid(
        `ensemble member ${i + 1} differs from member 1 in its ${differs}: members must read documents and labels alike`,
        dir,
      );
  }
}

/**
 * Saves an ensemble to `dir` (created if needed) as one model folder that `loadModel` reads
 * back as a `RelationModel` scoring like `ensembleView(members, decision)`: each member in
 * `member-1` … `member-n` through {@link saveModel} (self-contained, with its own manifest),
 * then `ensemble.json` (format, member folders with the SHA-256 of each member's manifest, the
 * ensemble's decision rule) and the folder's own `manifest.json` last, over ensemble.json and
 * `extraFiles`. The folder's manifest is marked incomplete before anything else is written, so a
 * save that stops part-way leaves a folder `loadModel` refuses (`MODEL_INCOMPLETE`), never a mix.
 * Members must agree on labels, document encoding and typer presence (`INVALID_INPUT` otherwise).
 * Over an earlier save, what it wrote and this one does not (a single model's files, member
 * folders past n) is removed once the folder is marked incomplete; other files are kept. A folder
 * of files no biore save wrote is refused (`MODEL_DIR_FOREIGN`), a write the file system refuses is
 * `MODEL_WRITE_FAILED` (see `saveModel`).
 */
export async function saveEnsemble(
  members: readonly RelationModel[],
  decision: DecisionRule,
  dir: string,
  options: SaveOptions = {},
): Promise<void> {
  if (typeof dir !== "string" || dir === "")
    throw invalid("saveEnsemble needs a folder path", String(dir));
  checkMembers(members, dir);
  const first = members[0] as RelationModel;
  const numLabels = first.labelSpace.size;
  try {
    checkDecision(decision, numLabels, dir, "the ensemble");
  } catch (error) {
    throw invalid((error as Error).message.replace(` (${dir})`, ""), dir);
  }
  const folders = members.map((_, i) => memberFolder(i));
  const files = new Map<string, Uint8Array>();
  const reserved = new Set<string>([ENSEMBLE_FILE, ...Object.values(MODEL_FILES), ...folders]);
  for (const [name, contents] of Object.entries(options.extraFiles ?? {})) {
    if (!isPlainFileName(name) || reserved.has(name))
      throw invalid(`extra file name ${JSON.stringify(name)} is not allowed`, dir);
    files.set(name, typeof contents === "string" ? utf8(contents) : contents);
  }

  const writes = { files: new Set([...files.keys(), ENSEMBLE_FILE]), members: new Set(folders) };
  const stale = planModelFolder(dir, writes);
  beginFolderSave(dir, stale);
  const entries: EnsembleJson["members"] = [];
  for (const [i, member] of members.entries()) {
    const folder = folders[i] as string;
    await saveModel(member, join(dir, folder));
    const path = join(dir, folder, MANIFEST_FILE);
    const manifest = saveStep(`reading ${folder}/${MANIFEST_FILE}`, path, "marked-incomplete", () =>
      readFileSync(path),
    );
    entries.push({ folder, manifestSha256: sha256Hex(manifest) });
  }
  const ensemble: EnsembleJson = {
    format: ENSEMBLE_FORMAT,
    version: ENSEMBLE_FORMAT_VERSION,
    members: entries,
    decision: {
      noneBias: decision.noneBias,
      noveltyThreshold: decision.noveltyThreshold,
      ...(decision.typeBias ? { typeBias: [...decision.typeBias] } : {}),
    },
  };
  files.set(ENSEMBLE_FILE, utf8(JSON.stringify(ensemble, null, 2)));
  const manifest = buildManifest(files, { tensors: [], labels: numLabels });
  finishFolderSave(dir, files, JSON.stringify(manifest, null, 2));
}
