import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { type AtomicWriteOptions, resolveTarget } from "./target.js";
import {
  discardTempFile,
  sweepStaleTempFiles,
  tempPathFor,
  trackTempFile,
  untrackTempFile,
} from "./temp-files.js";
import { toWriteError } from "./write-error.js";

/** Flushes a folder's entry list so a rename survives a power loss; not every platform allows it. */
export function fsyncFolderSync(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse fsync on a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Gives the temp file the mode of the file it replaces, so a rewrite keeps permissions. */
export function copyModeSync(from: string, to: string): void {
  try {
    chmodSync(to, statSync(from).mode & 0o7777);
  } catch {
    // no old file: the default mode stays
  }
}

/**
 * Writes a whole file so that readers see the old content or the new one,
 * never a torn file: a temp file beside the target, fsync, rename. Refuses
 * to write over any of `opts.inputs`; removes the temp file on any error
 * (and on SIGINT/SIGTERM/SIGHUP); throws a {@link WriteError} with a stable
 * code and the path. An existing device or FIFO (`/dev/null`) is written directly.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): void {
  const { final, direct } = resolveTarget(path, opts);
  if (direct) {
    try {
      writeFileSync(final, data);
    } catch (e) {
      throw toWriteError(e, path);
    }
    return;
  }
  sweepStaleTempFiles(final);
  const temp = tempPathFor(final);
  let fd: number | undefined;
  // Tracked (and the signal handlers installed) before the file exists: a
  // signal that arrives between open and tracking would otherwise find no
  // handler and end the process with the temp file left behind.
  trackTempFile(temp);
  let created = false;
  try {
    fd = openSync(temp, "wx");
    created = true;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let written = 0;
    while (written < bytes.byteLength)
      written += writeSync(fd, bytes, written, bytes.byteLength - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    copyModeSync(final, temp);
    renameSync(temp, final);
    untrackTempFile(temp);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (created) discardTempFile(temp);
    else untrackTempFile(temp); // the open failed: nothing of ours to remove
    throw toWriteError(e, path);
  }
  fsyncFolderSync(dirname(final));
}
