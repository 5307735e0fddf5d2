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

/** The cached BioRED folder when present and intact; throws when it was tampered with. */
export function cachedBiored(cacheDir: string): string | undefined {
  const dir = join(cacheDir, "biored");
  const manifest = join(dir, "SOURCE.json");
  if (!existsSync(manifest)) return undefined;
  const source = JSON.parse(readFileSync(manifest, "utf8")) as CachedSource;
  for (const [file, digest] of Object.entries(source.files)) {
    const path = join(dir, file);
    if (!existsSync(path) || sha256Of(path) !== digest) {
      throw new UserError(
        `the cached BioRED copy in ${dir} is damaged (${file} does not match its recorded sha256)`,
        `delete ${dir} and run again to download it afresh`,
      );
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
  const written = extractFlat(zipPath, staging, BIORED_SOURCE.files);
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
