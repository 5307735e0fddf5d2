import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** One line of `manifest.jsonl`: a finished shard. */
export interface ManifestEntry {
  shard: string;
  output: string;
  documents: number;
  relations: number;
  modelDigest: string;
  seconds: number;
  finishedAt: string;
}

export const MANIFEST_FILE = "manifest.jsonl";

/** The manifest beside an output file. */
export function manifestPathFor(output: string): string {
  return join(dirname(output), MANIFEST_FILE);
}

/**
 * Appends one entry. An append (O_APPEND, one write of one short line) rather than an atomic
 * rewrite: several workers on a shared folder add lines concurrently, and a rewrite would
 * lose theirs. A line torn by a crash is skipped by {@link readManifest}.
 */
export function appendManifest(path: string, entry: ManifestEntry): void {
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** The entries of a manifest (none when it does not exist), last entry per output winning. */
export function readManifest(path: string): Map<string, ManifestEntry> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return new Map();
  }
  const byOutput = new Map<string, ManifestEntry>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as ManifestEntry;
      if (typeof entry.output === "string" && typeof entry.modelDigest === "string")
        byOutput.set(entry.output, entry);
    } catch {
      // a line torn by a crash mid-append; its shard simply runs again
    }
  }
  return byOutput;
}

/**
 * The entry `entries` (a manifest read with {@link readManifest}) has for `output` when the
 * output was made with the same model and is still there, so it need not be made again.
 */
export function finishedOutput(
  entries: ReadonlyMap<string, ManifestEntry>,
  output: string,
  modelDigest: string,
): ManifestEntry | undefined {
  const entry = entries.get(basename(output));
  return entry?.modelDigest === modelDigest && existsSync(output) ? entry : undefined;
}

/** Records a finished shard in the manifest beside its output. */
export function recordShard(
  output: string,
  shard: string,
  result: { documents: number; relations: number; seconds: number },
  modelDigest: string,
): void {
  appendManifest(manifestPathFor(output), {
    shard,
    output: basename(output),
    documents: result.documents,
    relations: result.relations,
    modelDigest,
    seconds: Number(result.seconds.toFixed(3)),
    finishedAt: new Date().toISOString(),
  });
}
