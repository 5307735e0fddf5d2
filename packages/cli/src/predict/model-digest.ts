import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PredictError } from "./errors.js";

/**
 * SHA-256 over a model folder's files (names and bytes, sorted by name): two folders with
 * the same digest predict the same, so an output made with it need not be made again.
 */
export function modelDigest(dir: string): string {
  const hash = createHash("sha256");
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
  if (!existsSync(join(dir, "model.json"))) {
    throw new PredictError(
      "MODEL_MISSING",
      `${dir} is not a model folder (no model.json); pass the --out folder of \`biore train\` as --model`,
      dir,
    );
  }
  return modelDigest(dir);
}
