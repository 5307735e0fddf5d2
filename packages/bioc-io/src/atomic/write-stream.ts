import { type WriteStream, closeSync, createWriteStream, fsync, openSync } from "node:fs";
import { rename } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { type AtomicWriteOptions, resolveTarget } from "./target.js";
import {
  discardTempFile,
  sweepStaleTempFiles,
  tempPathFor,
  trackTempFile,
  untrackTempFile,
} from "./temp-files.js";
import { copyModeSync, fsyncFolderSync } from "./write-file.js";
import { toWriteError } from "./write-error.js";

const fsyncAsync = promisify(fsync);

/** A file being written through a temp file; nothing appears at `path` until {@link commit}. */
export interface AtomicWriteStream {
  /** The target path as given. */
  readonly path: string;
  /** Write (or pipe) the content here. */
  readonly stream: WriteStream;
  /** Ends the stream, fsyncs and renames the temp file onto `path`; rejects with a `WriteError`. */
  commit(): Promise<void>;
  /** Drops the temp file; the target stays absent or as it was. Safe to call more than once. */
  abort(): Promise<void>;
}

/**
 * Opens a streaming atomic write: the temp file is created (or a
 * `WriteError` thrown) before this returns, so a missing folder, a
 * directory target or a refused input is reported at once. On a stream
 * error, on {@link AtomicWriteStream.abort}, on SIGINT/SIGTERM/SIGHUP and at
 * process exit the temp file is removed.
 */
export function createAtomicWriteStream(
  path: string,
  opts: AtomicWriteOptions = {},
): AtomicWriteStream {
  const { final, direct } = resolveTarget(path, opts);
  if (direct) return directStream(path, final);
  sweepStaleTempFiles(final);
  const temp = tempPathFor(final);
  let fd: number | undefined;
  // Tracked before the file exists, so a signal never finds it unhandled (see writeFileAtomic).
  trackTempFile(temp);
  try {
    fd = openSync(temp, "wx");
  } catch (e) {
    untrackTempFile(temp); // never created (or not ours: EEXIST), so nothing to remove
    throw toWriteError(e, path);
  }
  const stream = createWriteStream(temp, { fd, autoClose: false });
  let failure: Error | undefined;
  let settled = false;

  const release = () => {
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    fd = undefined;
  };
  // The descriptor is closed only after the stream has closed: closing it
  // under a pending write would let that write land on whatever file reuses
  // the number next (EBADF or worse in the following atomic write).
  const drop = async () => {
    settled = true;
    if (!stream.closed) {
      await new Promise<void>((resolve) => {
        stream.once("close", () => resolve());
        stream.destroy();
      });
    }
    release();
    discardTempFile(temp);
  };
  stream.on("error", (e) => {
    failure ??= toWriteError(e, path);
    void drop();
  });

  return {
    path,
    stream,
    async commit() {
      if (settled) throw failure ?? toWriteError(new Error("the write was already ended"), path);
      try {
        await new Promise<void>((resolve, reject) => {
          if (failure) return reject(failure);
          stream.once("error", reject);
          stream.end(() => (failure ? reject(failure) : resolve()));
        });
        await fsyncAsync(fd as number);
        release();
        copyModeSync(final, temp);
        await rename(temp, final);
        settled = true;
        untrackTempFile(temp);
      } catch (e) {
        failure ??= toWriteError(e, path);
        await drop();
        throw failure;
      }
      fsyncFolderSync(dirname(final));
    },
    async abort() {
      if (!settled) await drop();
    },
  };
}

/** A device or FIFO target: written in place (no temp file can be renamed onto it). */
function directStream(path: string, final: string): AtomicWriteStream {
  const stream = createWriteStream(final, { flags: "w" });
  let failure: Error | undefined;
  stream.on("error", (e) => {
    failure ??= toWriteError(e, path);
  });
  return {
    path,
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        stream.once("error", () => reject(failure));
        stream.end(() => (failure ? reject(failure) : resolve()));
      });
    },
    async abort() {
      stream.destroy();
    },
  };
}
