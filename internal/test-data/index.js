// Locates the read-only corpora in ../shared/data (relative to the repo root)
// or wherever the env vars point. Tests call `dataFile(...)`; when a corpus is
// missing they skip with a visible message, unless REQUIRE_DATA=1 (CI), where
// a missing corpus fails the run.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../..");

const ENV_BY_CORPUS = {
  biored: "BIORED_DIR",
  cdr: "CDR_DIR",
  bc6pm: "BC6PM_DIR",
  fixtures: "BIOC_FIXTURES_DIR",
};

export function sharedDataRoot() {
  return process.env.BIORE_DATA_DIR ?? resolve(repoRoot, "../shared/data");
}

export function corpusDir(corpus) {
  const envName = ENV_BY_CORPUS[corpus];
  const fromEnv = envName ? process.env[envName] : undefined;
  return fromEnv ?? join(sharedDataRoot(), corpus);
}

/** Absolute path of a file inside a corpus folder (it may not exist). */
export function dataFile(corpus, ...parts) {
  return join(corpusDir(corpus), ...parts);
}

export const requireData = process.env.REQUIRE_DATA === "1";

/**
 * True when every path exists. When one is missing: throws under
 * REQUIRE_DATA=1, otherwise prints a visible skip message and returns false.
 */
export function haveData(...paths) {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const msg = `test data missing: ${missing.join(", ")} (set BIORED_DIR/CDR_DIR/BC6PM_DIR/BIOC_FIXTURES_DIR or BIORE_DATA_DIR)`;
  if (requireData) throw new Error(`${msg}; REQUIRE_DATA=1 so this is a failure`);
  console.warn(`[skip] ${msg}`);
  return false;
}
