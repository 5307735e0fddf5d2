import { statSync } from "node:fs";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { PredictError } from "./errors.js";

/** One input file of a predict run: a BioC JSON/XML or PubTator file, maybe gzip'd. */
export interface Shard {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
  /** `.gz`: read through gunzip (and written back gzip'd). */
  gzip: boolean;
}

/** Files a folder contributes: the corpus extensions, plain or gzip'd (hidden files skipped). */
const FOLDER_PATTERN =
  "**/*.{json,xml,pubtator,txt,bioc,json.gz,xml.gz,pubtator.gz,txt.gz,bioc.gz}";

function shardOf(path: string): Shard {
  const st = statSync(path);
  return { path, size: st.size, mtimeMs: st.mtimeMs, gzip: path.toLowerCase().endsWith(".gz") };
}

/**
 * Expands files, folders (searched recursively for corpus files) and glob patterns into a
 * sorted, de-duplicated list of shards. A name that matches nothing is an error, not a skip.
 */
export async function resolveShards(inputs: readonly string[]): Promise<Shard[]> {
  const paths = new Set<string>();
  for (const input of inputs) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(input);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      paths.add(resolve(input));
    } else if (st?.isDirectory()) {
      const found = await glob(FOLDER_PATTERN, { cwd: input, absolute: true, onlyFiles: true });
      if (found.length === 0) {
        throw new PredictError(
          "NO_INPUT_FILES",
          `folder ${input} has no BioC JSON/XML or PubTator files (.json, .xml, .pubtator, .txt, optionally .gz)`,
          input,
        );
      }
      for (const f of found) paths.add(resolve(f));
    } else if (isDynamicPattern(input)) {
      const found = await glob(input, { absolute: true, onlyFiles: true });
      if (found.length === 0)
        throw new PredictError("NO_INPUT_FILES", `pattern ${input} matches no file`, input);
      for (const f of found) paths.add(resolve(f));
    } else {
      throw new PredictError("INPUT_MISSING", `${input} does not exist`, input);
    }
  }
  return [...paths].sort().map(shardOf);
}
