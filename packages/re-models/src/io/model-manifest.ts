import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.js";
import {
  type TensorSpec,
  checkTensorSpecs,
  isCount,
  isPlainFileName,
  sha256Hex,
} from "./integrity.js";

/** File name of the integrity manifest inside a saved model folder; written last. */
export const MANIFEST_FILE = "manifest.json";
/** The `format` field of manifest.json (also of the incomplete marker). */
export const MANIFEST_FORMAT = "biore-model-manifest";
const MANIFEST_VERSION = 1;

/** What the manifest holds while a folder is being rewritten (a save that stopped part-way). */
export const INCOMPLETE_MANIFEST = {
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  incomplete: true,
};

/** What a model folder must hold besides matching bytes: sizes the files must agree on. */
export interface ModelExpectations {
  /** Every weight tensor, in file order. */
  tensors: TensorSpec[];
  /** Relation labels, None included. */
  labels: number;
  /** Tokenizer vocabulary size, when a tokenizer was saved. */
  vocabularySize?: number;
  /** Entity types (id 0 = none included), when a type space was saved. */
  entityTypes?: number;
}

/** Contents of `manifest.json`: SHA-256 and byte size of every file, plus the expectations. */
export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  files: Record<string, { sha256: string; bytes: number }>;
  expect: ModelExpectations;
}

/** Builds the manifest of files about to be written (name -> bytes). */
export function buildManifest(
  files: ReadonlyMap<string, Uint8Array>,
  expect: ModelExpectations,
): ModelManifest {
  const entries: ModelManifest["files"] = {};
  for (const [name, bytes] of files) {
    entries[name] = { sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  }
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, files: entries, expect };
}

function corrupt(message: string, path: string): ModelError {
  return new ModelError("MODEL_CORRUPT", message, path);
}

function checkExpectations(value: unknown, path: string): ModelExpectations {
  const e = value as Partial<ModelExpectations> | null;
  if (!e || typeof e !== "object") throw corrupt("manifest.json has no expectations", path);
  const tensors = checkTensorSpecs(e.tensors);
  if (typeof tensors === "string") throw corrupt(`manifest.json: ${tensors}`, path);
  if (!isCount(e.labels)) throw corrupt("manifest.json: labels is not a count", path);
  for (const key of ["vocabularySize", "entityTypes"] as const) {
    if (e[key] !== undefined && !isCount(e[key]))
      throw corrupt(`manifest.json: ${key} is not a count`, path);
  }
  return { ...(e as ModelExpectations), tensors };
}

/**
 * Reads and validates `dir/manifest.json`; undefined when the folder has none (saved
 * before manifests existed). Throws `MODEL_CORRUPT` for a damaged manifest.
 */
export function readManifest(dir: string): ModelManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  let json: Partial<ModelManifest>;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw corrupt("manifest.json is not valid JSON", path);
  }
  if ((json as { incomplete?: unknown } | null)?.incomplete === true)
    throw new ModelError(
      "MODEL_INCOMPLETE",
      "the model was being saved here when the writer stopped; save or train it again",
      path,
    );
  if (!json || json.format !== MANIFEST_FORMAT || json.version !== MANIFEST_VERSION)
    throw corrupt(`manifest.json is not a ${MANIFEST_FORMAT} v${MANIFEST_VERSION}`, path);
  if (!json.files || typeof json.files !== "object" || Object.keys(json.files).length === 0)
    throw corrupt("manifest.json lists no files", path);
  for (const [name, entry] of Object.entries(json.files)) {
    if (!isPlainFileName(name))
      throw corrupt(
        `manifest.json names ${JSON.stringify(name)}, which is not inside the folder`,
        path,
      );
    if (!entry || !/^[0-9a-f]{64}$/.test(String(entry.sha256)) || !isCount(entry.bytes))
      throw corrupt(`manifest.json has a bad entry for ${name}`, path);
  }
  return { ...(json as ModelManifest), expect: checkExpectations(json.expect, path) };
}

/**
 * Reads one file of a model folder. With a manifest the file must be listed in it and
 * match its size and SHA-256 (`MODEL_CORRUPT` otherwise, naming the file); a listed file
 * that is gone is `MODEL_INCOMPLETE`. Returns undefined for an unlisted optional file.
 */
export function readModelFile(
  dir: string,
  name: string,
  manifest: ModelManifest | undefined,
  required: boolean,
): Buffer | undefined {
  if (!isPlainFileName(name))
    throw corrupt(`${JSON.stringify(name)} is not a file inside the model folder`, dir);
  const path = join(dir, name);
  const entry = manifest?.files[name];
  if (manifest && !entry) {
    if (!required && !existsSync(path)) return undefined;
    throw corrupt(`${name} is not listed in manifest.json`, join(dir, MANIFEST_FILE));
  }
  if (!existsSync(path)) {
    if (!required && !manifest) return undefined;
    throw new ModelError("MODEL_INCOMPLETE", `${name} is missing`, path);
  }
  const bytes = readFileSync(path);
  if (entry) {
    if (bytes.byteLength !== entry.bytes)
      throw corrupt(
        `${name} has ${bytes.byteLength} bytes, manifest.json says ${entry.bytes} (truncated or changed)`,
        path,
      );
    if (sha256Hex(bytes) !== entry.sha256)
      throw corrupt(
        `${name} does not match its SHA-256 in manifest.json (damaged or edited)`,
        path,
      );
  }
  return bytes;
}
