import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../user-error.js";
import { BIORED_SOURCE } from "./biored-source.js";
import { type DownloadProgress, downloadFile } from "./download.js";
import { extractFlat } from "./unzip.js";

/** What `SOURCE.json` in the cached folder records about the download. */
export interface CachedSource {
  url: string;
  downloadedAt: string;
  zipSha256: string;
  files: Record<string, string>;
}

function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function damaged(dir: string, what: string): UserError {
  return new UserError(
    `the cached BioRED copy in ${dir} is damaged (${what})`,
    `delete ${dir} and run again to download it afresh`,
  );
}

/**
 * Reads and checks `SOURCE.json`: valid JSON, a `files` map naming only
 * BioRED's split files (so no path leaves the folder), with a Train and a Dev
 * file, each with a SHA-256.
 */
function readSource(dir: string): CachedSource {
  let source: Partial<CachedSource> | null;
  try {
    source = JSON.parse(readFileSync(join(dir, "SOURCE.json"), "utf8"));
  } catch (error) {
    throw damaged(dir, `SOURCE.json is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const files = source?.files;
  if (!files || typeof files !== "object" || Array.isArray(files))
    throw damaged(dir, "SOURCE.json has no files map");
  const known = new Set<string>(BIORED_SOURCE.files);
  const names = Object.keys(files);
  for (const name of names) {
    if (!known.has(name))
      throw damaged(dir, `SOURCE.json lists ${JSON.stringify(name)}, not a BioRED file`);
    if (!/^[0-9a-f]{64}$/.test(String(files[name])))
      throw damaged(dir, `SOURCE.json has no SHA-256 for ${name}`);
  }
  if (!names.some((f) => f.startsWith("Train.")) || !names.some((f) => f.startsWith("Dev.")))
    throw damaged(dir, "SOURCE.json lists no Train and Dev files");
  return source as CachedSource;
}

/** The cached BioRED folder when present and intact; throws when it was tampered with. */
export function cachedBiored(cacheDir: string): string | undefined {
  const dir = join(cacheDir, "biored");
  if (!existsSync(join(dir, "SOURCE.json"))) return undefined;
  const source = readSource(dir);
  for (const [file, digest] of Object.entries(source.files)) {
    const path = join(dir, file);
    if (!existsSync(path) || sha256Of(path) !== digest) {
      throw damaged(dir, `${file} does not match its recorded sha256`);
    }
  }
  return dir;
}

/** Options for {@link downloadBiored}. */
export interface DownloadBioredOptions {
  url?: string;
  expectedSha256?: string;
  onProgress?: DownloadProgress;
}

/**
 * Downloads BIORED.zip into the cache, verifies it, extracts its BioC and
 * PubTator files into `<cacheDir>/biored` and records their digests.
 */
export async function downloadBiored(
  cacheDir: string,
  options: DownloadBioredOptions = {},
): Promise<string> {
  const url = options.url ?? BIORED_SOURCE.url;
  const zipPath = join(cacheDir, "downloads", "BIORED.zip");
  const result = await downloadFile(url, zipPath, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.expectedSha256 ? { expectedSha256: options.expectedSha256 } : {}),
  });
  const staging = join(cacheDir, "biored.partial");
  rmSync(staging, { recursive: true, force: true });
  let written: string[];
  try {
    written = extractFlat(zipPath, staging, BIORED_SOURCE.files);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    rmSync(zipPath, { force: true });
    throw error;
  }
  if (!written.some((f) => f.startsWith("Train.")) || !written.some((f) => f.startsWith("Dev."))) {
    rmSync(staging, { recursive: true, force: true });
    throw new UserError(
      `${url} does not contain BioRED's Train and Dev files (found: ${written.join(", ") || "none"})`,
      "check BIORED_URL, or pass --data <dir> with the files",
    );
  }
  const source: CachedSource = {
    url,
    downloadedAt: new Date().toISOString(),
    zipSha256: result.sha256,
    files: Object.fromEntries(written.map((f) => [f, sha256Of(join(staging, f))])),
  };
  writeFileSync(join(staging, "SOURCE.json"), `${JSON.stringify(source, null, 2)}\n`);
  const dir = join(cacheDir, "biored");
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  rmSync(zipPath, { force: true });
  return dir;
}
