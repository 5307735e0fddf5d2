import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../user-error.js";
import { cachedBiored, downloadBiored } from "./biored-cache.js";
import { BIORED_SOURCE } from "./biored-source.js";
import { userCacheDir } from "./cache-dir.js";
import type { DownloadProgress } from "./download.js";
import { findRepoRoot } from "./repo-root.js";

/** Where the data came from, in the order they are tried. */
export type DataSource = "option" | "env" | "shared" | "cache" | "download";

/** A corpus path (file or folder) and how it was found. */
export interface LocatedData {
  path: string;
  source: DataSource;
}

/** Inputs of {@link locateBiored}; defaults read the real process. */
export interface LocateOptions {
  /** The `--data` option. */
  option?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Monorepo root; `null` means none (installed from npm). */
  repoRoot?: string | null;
  cacheDir?: string;
  /** May download BIORED.zip when nothing else is found (default true). */
  allowDownload?: boolean;
  /** Called once with the URL before a download starts. */
  onDownloadStart?: (url: string) => void;
  /** Called as bytes arrive (total is undefined when the server does not say). */
  onDownloadProgress?: DownloadProgress;
}

function mustExist(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new UserError(
      `${what} ${path} does not exist`,
      "pass --data <dir|file> with BioC (JSON/XML) or PubTator files",
    );
  }
  return path;
}

/**
 * Finds BioRED: `--data`, else `$BIORED_DIR`, else `../shared/data/biored`
 * (relative to the working directory, then to the repository), else the
 * cached download, else downloads the official BIORED.zip into the cache.
 */
export async function locateBiored(options: LocateOptions = {}): Promise<LocatedData> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.option)
    return { path: mustExist(resolve(cwd, options.option), "--data"), source: "option" };
  if (env.BIORED_DIR)
    return { path: mustExist(resolve(cwd, env.BIORED_DIR), "BIORED_DIR"), source: "env" };

  const repoRoot =
    options.repoRoot === undefined ? findRepoRoot() : (options.repoRoot ?? undefined);
  const shared = [resolve(cwd, "../shared/data/biored")];
  if (repoRoot) shared.push(resolve(repoRoot, "../shared/data/biored"));
  for (const dir of shared) if (existsSync(dir)) return { path: dir, source: "shared" };

  const cacheDir = options.cacheDir ?? userCacheDir(env);
  const cached = cachedBiored(cacheDir);
  if (cached) return { path: cached, source: "cache" };

  if (options.allowDownload === false) {
    throw new UserError(
      "BioRED was not found (no --data, no BIORED_DIR, no ../shared/data/biored, no cached copy)",
      "pass --data <dir> with BioRED's files, or allow the download from NCBI",
    );
  }
  const url = env.BIORED_URL;
  options.onDownloadStart?.(url ?? BIORED_SOURCE.url);
  const path = await downloadBiored(cacheDir, {
    ...(url ? { url } : {}),
    ...(env.BIORED_SHA256 ? { expectedSha256: env.BIORED_SHA256 } : {}),
    ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
  });
  return { path, source: "download" };
}
