import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { UserError } from "../user-error.js";

/**
 * Extracts the entries whose file name (ignoring folders inside the archive)
 * is in `wanted` into `destDir`, flat. Returns the names written.
 */
export function extractFlat(zipPath: string, destDir: string, wanted: readonly string[]): string[] {
  const names = new Set(wanted);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(zipPath), {
      filter: (file) => names.has(basename(file.name)) && !file.name.startsWith("__MACOSX/"),
    });
  } catch (error) {
    throw new UserError(
      `${zipPath} is not a readable zip archive: ${(error as Error).message}`,
      "delete it and run again to download a fresh copy",
    );
  }
  mkdirSync(destDir, { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of Object.entries(entries)) {
    const file = basename(name);
    if (written.includes(file)) continue;
    writeFileSync(join(destDir, file), bytes);
    written.push(file);
  }
  return written.sort();
}
