import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "@biore/bioc-io";
import { ModelError } from "../errors.js";
import { ensembleMembers } from "../model/ensemble-view.js";
import { RelationModel } from "../model/relation-model.js";
import { isPlainFileName } from "./integrity.js";
import { FORMAT_VERSION, MODEL_FILES, MODEL_FORMAT, type ModelJson } from "./model-format.js";
import { INCOMPLETE_MANIFEST, MANIFEST_FILE, buildManifest } from "./model-manifest.js";
import { type StaleEntries, planModelFolder, removeStaleEntries } from "./model-folder.js";
import { encodeTensors } from "./tensor-codec.js";
import { saveStep } from "./write-failure.js";

function toJsonValue(value: unknown): unknown {
  const withToJson = value as { toJSON?: () => unknown };
  return typeof withToJson?.toJSON === "function" ? withToJson.toJSON() : value;
}

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** Options of {@link saveModel}. */
export interface SaveOptions {
  /**
   * More files to keep in the folder under the same manifest (name -> contents), e.g. a
   * CLI's own notes on how the model was trained. Names must be plain file names.
   */
  extraFiles?: Record<string, string | Uint8Array>;
}

/**
 * Saves a model to `dir` (created if needed) with Node's fs only: tfjs-format
 * `model.json` + `weights.bin`, labels, tokenizer, entity types, training
 * metadata, the linear typer when one is attached (typer.json) and `manifest.json` (SHA-256 and size of every file, plus the tensor
 * shapes/dtypes and vocabulary sizes the files must agree on). Each file is
 * written atomically; the manifest goes last, so a folder with it is complete.
 *
 * Over an earlier save (a model or an ensemble) the manifest is marked incomplete first, then
 * the earlier save's files this one does not write (an old typer.json, ensemble.json, member
 * folders) are removed; other files are kept. A folder holding model file names that no biore save
 * wrote is refused (`MODEL_DIR_FOREIGN`) before anything is written, and a write the file system
 * refuses is `MODEL_WRITE_FAILED` naming the path, the OS's reason and what the folder now holds.
 */
export async function saveModel(
  model: RelationModel,
  dir: string,
  options: SaveOptions = {},
): Promise<void> {
  if (!(model instanceof RelationModel))
    throw new ModelError("INVALID_INPUT", "saveModel needs a RelationModel", String(dir));
  if (typeof dir !== "string" || dir === "")
    throw new ModelError("INVALID_INPUT", "saveModel needs a folder path", String(dir));
  if (ensembleMembers(model))
    throw new ModelError(
      "INVALID_INPUT",
      "this model is an ensemble: save it with saveEnsemble(ensembleMembers(model), model.decision, dir)",
      dir,
    );
  const named: Record<string, tf.Tensor> = {};
  for (const [name, v] of model.params) named[name] = v;
  const { specs, data } = await encodeTensors(named);
  const files = new Map<string, Uint8Array>();
  files.set(MODEL_FILES.weights, data);
  files.set(MODEL_FILES.labels, utf8(JSON.stringify(model.labelSpace.toJSON(), null, 2)));
  const { tokenizer, entityTypes, maxTokens, schema, allowedTypePairs } = model.preprocessing;
  if (tokenizer !== undefined)
    files.set(MODEL_FILES.tokenizer, utf8(JSON.stringify(toJsonValue(tokenizer))));
  if (entityTypes !== undefined)
    files.set(MODEL_FILES.entityTypes, utf8(JSON.stringify(toJsonValue(entityTypes), null, 2)));
  const { wordPieces } = model.preprocessing;
  if (wordPieces !== undefined)
    files.set(MODEL_FILES.wordPieces, utf8(JSON.stringify(wordPieces.files)));
  files.set(MODEL_FILES.training, utf8(JSON.stringify(model.metadata ?? null, null, 2)));
  if (model.typer) files.set(MODEL_FILES.typer, utf8(JSON.stringify(model.typer.typer.toJSON())));
  for (const [name, contents] of Object.entries(options.extraFiles ?? {})) {
    if (
      !isPlainFileName(name) ||
      files.has(name) ||
      Object.values(MODEL_FILES).includes(name as never)
    )
      throw new ModelError(
        "INVALID_INPUT",
        `extra file name ${JSON.stringify(name)} is not allowed`,
        dir,
      );
    files.set(name, typeof contents === "string" ? utf8(contents) : contents);
  }
  const json: ModelJson = {
    format: MODEL_FORMAT,
    generatedBy: "@biore/re-models",
    convertedBy: null,
    modelTopology: {
      className: "RelationModel",
      formatVersion: FORMAT_VERSION,
      config: model.config,
    },
    weightsManifest: [{ paths: [MODEL_FILES.weights], weights: specs }],
    userDefinedMetadata: {
      decision: model.decision,
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(schema ? { schema } : {}),
      ...(allowedTypePairs ? { allowedTypePairs } : {}),
      ...(model.typer ? { typerFusion: model.typer.fusion } : {}),
    },
  };
  files.set(MODEL_FILES.model, utf8(JSON.stringify(json, null, 2)));
  const manifest = buildManifest(files, {
    tensors: specs.map(({ name, shape, dtype }) => ({ name, shape, dtype }) as never),
    labels: model.labelSpace.size,
    ...(tokenizer !== undefined ? { vocabularySize: tokenizer.vocabSize } : {}),
    ...(wordPieces !== undefined ? { vocabularySize: wordPieces.vocabSize } : {}),
    ...(entityTypes !== undefined ? { entityTypes: entityTypes.size } : {}),
  });
  const stale = planModelFolder(dir, { files: new Set(files.keys()), members: new Set() });
  beginFolderSave(dir, stale);
  finishFolderSave(dir, files, JSON.stringify(manifest, null, 2));
}

/**
 * Starts writing a planned save into `dir`: creates the folder, marks its manifest incomplete and
 * removes what the earlier save left ({@link planModelFolder}). From here until
 * {@link finishFolderSave} returns, the folder is refused on load (`MODEL_INCOMPLETE`), never read
 * as a mix of two saves or as a half-written folder. A failure is `MODEL_WRITE_FAILED` naming the
 * path and the OS's reason; before the mark the folder holds what it held.
 */
export function beginFolderSave(dir: string, stale: StaleEntries): void {
  saveStep("creating the folder", dir, "untouched", () => mkdirSync(dir, { recursive: true }));
  const manifestPath = join(dir, MANIFEST_FILE);
  saveStep(`writing ${MANIFEST_FILE}`, manifestPath, "untouched", () =>
    writeFileAtomic(manifestPath, JSON.stringify(INCOMPLETE_MANIFEST)),
  );
  removeStaleEntries(dir, stale);
}

/** Writes `files` into a folder {@link beginFolderSave} started (each atomically), the manifest last. */
export function finishFolderSave(
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  manifest: string,
): void {
  for (const [name, bytes] of files)
    saveStep(`writing ${name}`, join(dir, name), "marked-incomplete", () =>
      writeFileAtomic(join(dir, name), bytes),
    );
  const manifestPath = join(dir, MANIFEST_FILE);
  saveStep(`writing ${MANIFEST_FILE}`, manifestPath, "marked-incomplete", () =>
    writeFileAtomic(manifestPath, manifest),
  );
}
