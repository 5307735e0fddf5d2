import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.js";
import { owningEnsembleView } from "../model/ensemble-view.js";
import type { RelationModel } from "../model/relation-model.js";
import {
  ENSEMBLE_FILE,
  ENSEMBLE_FORMAT,
  ENSEMBLE_FORMAT_VERSION,
  type EnsembleJson,
  memberDisagreement,
} from "./ensemble-format.js";
import { isPlainFileName, sha256Hex } from "./integrity.js";
import { checkDecision } from "./model-checks.js";
import { MANIFEST_FILE, type ModelManifest, readModelFile } from "./model-manifest.js";

/** Whether a folder's manifest describes a saved ensemble rather than one model. */
export function isEnsembleManifest(manifest: ModelManifest | undefined): boolean {
  return manifest?.files[ENSEMBLE_FILE] !== undefined;
}

function corrupt(message: string, where: string): ModelError {
  return new ModelError("MODEL_CORRUPT", message, where);
}

/** Reads and validates ensemble.json (already checked against the folder's manifest). */
function readEnsembleJson(
  dir: string,
  manifest: ModelManifest,
): Omit<EnsembleJson, "decision"> & {
  decision: unknown;
} {
  const path = join(dir, ENSEMBLE_FILE);
  const bytes = readModelFile(dir, ENSEMBLE_FILE, manifest, true) as Buffer;
  let json: Partial<EnsembleJson> | null;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw corrupt(`${ENSEMBLE_FILE} is not valid JSON`, path);
  }
  if (!json || json.format !== ENSEMBLE_FORMAT || json.version !== ENSEMBLE_FORMAT_VERSION)
    throw corrupt(`${ENSEMBLE_FILE} is not a ${ENSEMBLE_FORMAT} v${ENSEMBLE_FORMAT_VERSION}`, path);
  if (!Array.isArray(json.members) || json.members.length === 0)
    throw corrupt(`${ENSEMBLE_FILE} lists no members`, path);
  const seen = new Set<string>();
  for (const [i, entry] of json.members.entries()) {
    const folder = (entry as Partial<EnsembleJson["members"][number]> | null)?.folder;
    if (!isPlainFileName(folder) || folder === MANIFEST_FILE || seen.has(folder))
      throw corrupt(
        `${ENSEMBLE_FILE}: member ${i + 1}'s folder ${JSON.stringify(folder)} is not a distinct folder inside the ensemble`,
        path,
      );
    seen.add(folder);
    if (!/^[0-9a-f]{64}$/.test(String(entry.manifestSha256)))
      throw corrupt(`${ENSEMBLE_FILE}: member ${folder} has no manifest SHA-256`, path);
  }
  return json as EnsembleJson;
}

/** Checks a member folder's manifest against the SHA-256 ensemble.json recorded for it. */
function checkMemberManifest(dir: string, entry: EnsembleJson["members"][number]): string {
  const memberDir = join(dir, entry.folder);
  if (!existsSync(memberDir) || !statSync(memberDir).isDirectory())
    throw new ModelError(
      "MODEL_INCOMPLETE",
      `ensemble member ${entry.folder} is missing`,
      memberDir,
    );
  const manifestPath = join(memberDir, MANIFEST_FILE);
  if (!existsSync(manifestPath))
    throw new ModelError(
      "MODEL_INCOMPLETE",
      `ensemble member ${entry.folder} has no ${MANIFEST_FILE}`,
      manifestPath,
    );
  if (sha256Hex(readFileSync(manifestPath)) !== entry.manifestSha256)
    throw corrupt(
      `${entry.folder}/${MANIFEST_FILE} does not match its SHA-256 in ${ENSEMBLE_FILE} (a member was replaced or edited)`,
      manifestPath,
    );
  return memberDir;
}

/**
 * Loads a saved ensemble folder (`saveEnsemble`): ensemble.json checked against the folder's
 * manifest, each member's manifest against ensemble.json, each member loaded by `loadMember`
 * (every file against its manifest), the members checked to agree. Returns their
 * `ensembleView` with the saved decision rule; its `dispose` frees every member.
 */
export function loadEnsemble(
  dir: string,
  manifest: ModelManifest,
  loadMember: (memberDir: string) => RelationModel,
): RelationModel {
  const ensemble = readEnsembleJson(dir, manifest);
  const members: RelationModel[] = [];
  try {
    for (const entry of ensemble.members) {
      const member = loadMember(checkMemberManifest(dir, entry));
      members.push(member);
      const differs = memberDisagreement(members[0] as RelationModel, member);
      if (differs)
        throw corrupt(
          `ensemble member ${entry.folder} differs from ${ensemble.members[0]?.folder} in its ${differs}`,
          join(dir, entry.folder),
        );
    }
    const first = members[0] as RelationModel;
    if (manifest.expect.labels !== first.labelSpace.size)
      throw corrupt(
        `the members have ${first.labelSpace.size} labels, ${MANIFEST_FILE} expects ${manifest.expect.labels}`,
        join(dir, MANIFEST_FILE),
      );
    const decision = checkDecision(
      ensemble.decision,
      first.labelSpace.size,
      join(dir, ENSEMBLE_FILE),
      ENSEMBLE_FILE,
    );
    return owningEnsembleView(members, decision);
  } catch (error) {
    for (const member of members) member.dispose();
    throw error;
  }
}
