import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { MODEL_FILES } from "@biore/re-models";
import { PredictError } from "./errors.js";

/**
 * SHA-256 that identifies a model folder: two folders with the same digest predict the same,
 * so an output made with it need not be made again. A folder saved with a manifest (the
 * SHA-256 of every file, which loading verifies) is identified by its manifest, so the
 * weights are read once, by the load, not a second time here; an older folder without one
 * by all its files (names and bytes, sorted by name). A saved ensemble's manifest covers
 * ensemble.json, which holds the SHA-256 of each member's manifest: its digest covers every
 * member's files too.
 */
export function modelDigest(dir: string): string {
  const hash = createHash("sha256");
  const manifest = join(dir, MODEL_FILES.manifest);
  if (existsSync(manifest)) {
    hash.update(`${MODEL_FILES.manifest}\0`);
    return hash.update(readFileSync(manifest)).digest("hex");
  }
  const names = readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(join(dir, name)).isFile())
    .sort();
  for (const name of names) {
    const bytes = readFileSync(join(dir, name));
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

/** The digest of a model folder, or a {@link PredictError} naming it when it is not one. */
export function modelFolderDigest(dir: string): string {
  if (!existsSync(join(dir, MODEL_FILES.model)) && !existsSync(join(dir, MODEL_FILES.ensemble))) {
    throw new PredictError(
      "MODEL_MISSING",
      `${dir} is not a model folder (no model.json or ensemble.json); pass the --out folder of \`biore train\` as --model`,
      dir,
    );
  }
  return modelDigest(dir);
}
