import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { UserError } from "../user-error.js";

/** Limits on what {@link extractFlat} inflates; BioRED's largest file is under 10 MB. */
export interface ExtractLimits {
  /** Bytes one extracted file may inflate to (default 512 MiB). */
  maxEntryBytes?: number;
  /** Bytes all extracted files together may inflate to (default 2 GiB). */
  maxTotalBytes?: number;
}

/**
 * Input read per push. Deflate expands at most ~1032:1, so a 16 KiB input chunk inflates to
 * at most ~17 MB at once: memory stays bounded whatever the archive claims.
 */
const CHUNK = 16 << 10;

function badArchive(zipPath: string, what: string): UserError {
  return new UserError(`${zipPath} ${what}`, "delete it and run again to download a fresh copy");
}

/**
 * Extracts the entries whose file name (ignoring folders inside the archive)
 * is in `wanted` into `destDir`, flat, and returns the names written. The
 * archive is read in 16 KiB chunks and each entry inflated straight to disk,
 * counting bytes, so a zip bomb stops at the limit instead of filling memory.
 * Folder entries are skipped; two entries with the same wanted name are an
 * error (which one is meant is unknowable). On any error the files written
 * so far are removed.
 */
export function extractFlat(
  zipPath: string,
  destDir: string,
  wanted: readonly string[],
  limits: ExtractLimits = {},
): string[] {
  const maxEntry = limits.maxEntryBytes ?? 512 * 2 ** 20;
  const maxTotal = limits.maxTotalBytes ?? 2 * 2 ** 30;
  const names = new Set(wanted);
  const seen = new Map<string, string>();
  const open = new Set<number>();
  let total = 0;
  let failure: Error | undefined;
  mkdirSync(destDir, { recursive: true });

  const onFile = (file: UnzipFile) => {
    const name = basename(file.name);
    // a folder entry ("BioRED/Train.BioC.JSON/") or macOS metadata is not a file to extract
    if (file.name.endsWith("/") || file.name.startsWith("__MACOSX/") || !names.has(name)) return;
    const earlier = seen.get(name);
    if (earlier !== undefined)
      throw badArchive(
        zipPath,
        `holds ${name} twice (${earlier} and ${file.name}); which one is meant is unclear`,
      );
    seen.set(name, file.name);
    const fd = openSync(join(destDir, name), "w");
    open.add(fd);
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      try {
        if (error) throw badArchive(zipPath, `is not a readable zip archive: ${error.message}`);
        size += chunk.byteLength;
        total += chunk.byteLength;
        if (size > maxEntry || total > maxTotal)
          throw badArchive(
            zipPath,
            `inflates ${file.name} past ${size > maxEntry ? `${maxEntry} bytes per file` : `${maxTotal} bytes in all`}; refusing it (a zip bomb or not BioRED)`,
          );
        writeSync(fd, chunk);
        if (final) {
          closeSync(fd);
          open.delete(fd);
        }
      } catch (e) {
        failure = e as Error;
        file.terminate();
      }
    };
    file.start();
  };

  const input = openSync(zipPath, "r");
  try {
    const unzip = new Unzip(onFile);
    unzip.register(UnzipInflate);
    for (;;) {
      // a fresh buffer per chunk: fflate keeps references to pushed chunks until parsed
      const buffer = new Uint8Array(CHUNK);
      const read = readSync(input, buffer, 0, CHUNK, null);
      unzip.push(buffer.subarray(0, read), read === 0);
      if (failure) throw failure;
      if (read === 0) break;
    }
    if (open.size > 0) throw badArchive(zipPath, "ends in the middle of a file (truncated)");
  } catch (error) {
    for (const fd of open) closeSync(fd);
    for (const name of seen.keys()) rmSync(join(destDir, name), { force: true });
    if (error instanceof UserError) throw error;
    throw badArchive(zipPath, `is not a readable zip archive: ${(error as Error).message}`);
  } finally {
    closeSync(input);
  }
  return [...seen.keys()].sort();
}
